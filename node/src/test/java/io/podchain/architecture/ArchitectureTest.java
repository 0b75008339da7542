package io.podchain.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The structure's promises, checked on the compiled main classes: packages form no cycle; the files of a package
 * form none either (a class and its nested classes are one file); the network's transport knows nothing of its
 * protocol's handlers; {@code node} is the roof; and the consensus core
 * (the pure packages the CLI shares) imports no framework. The module {@code core} makes the last one a compile
 * error too, except for Jackson's annotations, which only {@code wire} may use.
 */
class ArchitectureTest {
    /** The node's classes and those of the modules it is built on (core comes as a jar); no test code. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")).importPackages("io.podchain");

    /** Pure Java plus the kept cryptography libraries: no CDI, no Quarkus, no Vert.x, no persistence. */
    private static final String[] CORE = {"io.podchain.chain..", "io.podchain.wallet..", "io.podchain.noise.."};

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.podchain.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theFilesOfEachPackageFormNoCycle() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getName();
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "the files of io.podchain";
            }
        }).should().beFreeOfCycles().check(MAIN);
    }

    /** {@code node} is the roof: the entry point and the wiring; nothing else depends on it. */
    @Test
    void nothingDependsOnTheRoof() {
        noClasses().that().resideOutsideOfPackage("io.podchain.node..").should().dependOnClassesThat()
                .resideInAPackage("io.podchain.node..").check(MAIN);
    }

    /**
     * In {@code p2p}, the transport (connections, the channel, admission, each peer's queues) knows nothing of the
     * protocol's handlers (the handshake's proof, blocks, messages, chain pages, housekeeping, the router and its
     * table) nor of the node's chain: messages are the vocabulary both share, and events go up through
     * {@code ConnectionEvents}.
     */
    @Test
    void theNetworksTransportKnowsNothingOfItsProtocolHandlers() {
        String[] transport = Stream.of("SecureChannel", "Link", "Transport", "Scheduler", "Dialer", "Admission",
                "TrafficBudget", "ConnectionEvents", "ConnectedPeers", "Peer", "PeerShared", "PeerInbox",
                "PeerOutbound", "PeerRequests", "RoundTrips").map(name -> "io.podchain.p2p." + name)
                .toArray(String[]::new);
        String[] protocol = Stream.of("Handshake", "Relay", "MessageInventory", "ChainServer", "Housekeeping",
                "MessageRouter", "MessageHandlers", "PeerManager", "LocalChain", "LocalMessages", "Network",
                "ChainFollower").map(name -> "io.podchain.p2p." + name).toArray(String[]::new);
        noClasses().that().haveNameMatching(oneOf(transport)).should().dependOnClassesThat()
                .haveNameMatching(oneOf(protocol)).orShould().dependOnClassesThat()
                .resideInAnyPackage("io.podchain.store..", "io.podchain.pool..", "io.podchain.sync..")
                .check(MAIN);
    }

    /** The kernel (module {@code kernel}): the protocol on its ports, which the node and the simulator implement. */
    private static final String[] KERNEL = {"io.podchain.p2p..", "io.podchain.ledger..", "io.podchain.log.."};

    /**
     * The kernel runs on its ports alone: no framework, no transport, no database, no thread or clock of its own
     * (the module has none of those libraries; this says so for the classes too), and nothing of the node's packages,
     * so that the simulator runs the same classes the node does.
     */
    @Test
    void theKernelImportsNoFrameworkNoTransportAndNoDatabase() {
        noClasses().that().resideInAnyPackage(KERNEL).should().dependOnClassesThat().resideInAnyPackage(
                "io.quarkus..", "jakarta..", "io.vertx..", "io.netty..", "io.smallrye..", "org.eclipse.microprofile..",
                "org.hibernate..", "java.sql..", "javax.sql..", "org.postgresql..", "io.podchain.api..",
                "io.podchain.store..", "io.podchain.pool..", "io.podchain.sync..", "io.podchain.node..",
                "io.podchain.network..", "io.podchain.identity..", "io.podchain.mining..", "io.podchain.discovery..",
                "io.podchain.health..", "io.podchain.metrics..", "io.podchain.crypto..").check(MAIN);
        noClasses().that().resideInAnyPackage(KERNEL).should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.Executors")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ThreadLocal")
                .check(MAIN);
    }

    /** A regular expression for exactly these classes and their nested classes. */
    private static String oneOf(String[] names) {
        return "(" + Stream.of(names).map(n -> n.replace(".", "\\.")).collect(Collectors.joining("|"))
                + ")(\\$.*)?";
    }

    @Test
    void theCoreImportsNoFramework() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(
                "io.quarkus..", "jakarta..", "io.vertx..", "io.smallrye..", "org.eclipse.microprofile..",
                "org.hibernate..", "com.fasterxml..", "org.jboss..", "io.micrometer..")
                .check(MAIN);
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(
                "io.podchain.api..", "io.podchain.store..", "io.podchain.p2p..", "io.podchain.sync..",
                "io.podchain.node..", "io.podchain.pool..", "io.podchain.mining..", "io.podchain.discovery..",
                "io.podchain.health..", "io.podchain.metrics..", "io.podchain.log..", "io.podchain.cli..",
                "io.podchain.wire..").check(MAIN);
    }
}
