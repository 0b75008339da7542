package io.podchain.crypto;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.Secp256k1.Verification;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Chooses, once at start and before any block or peer is looked at, what verifies signatures: libsecp256k1 when its
 * native library loads and then verifies a known signature and refuses a known forgery, BouncyCastle otherwise
 * (another platform, no writable directory to extract it to, a {@code noexec} one that cannot be mapped) or when
 * configured so. A binding that loaded but cannot run fails only at its first call, on whatever thread makes it, so
 * the choice is made by a verification, not by the loader's word. The node says which once in its log, as the
 * {@code podchain_signature_verifier} meter and in {@code GET /api/node}.
 */
@ApplicationScoped
public class SignatureBackends {
    private static final Logger LOG = Logger.getLogger(SignatureBackends.class);
    /** Before the chain is initialised (priority 10) and the network starts (20). */
    static final int PRIORITY = 5;
    /** The loader's own property for where it extracts the library. */
    static final String EXTRACT_DIR_PROPERTY = "fr.acinq.secp256k1.tmpdir";

    private final MeterRegistry registry;

    SignatureBackends(MeterRegistry registry) {
        this.registry = registry;
    }

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event, CryptoConfig config) {
        config.nativeLibraryDir().ifPresent(SignatureBackends::extractTo);
        Secp256k1.Backend chosen = choose(config.nativeSignatures());
        Secp256k1.use(chosen);
        Gauge.builder("podchain.signature.verifier", () -> 1).tag("verifier", chosen.name())
                .description("which implementation verifies signatures (the tag; the value is always 1)")
                .register(registry);
    }

    /** The short name of the implementation that verifies: {@code libsecp256k1} or {@code bouncycastle}. */
    public String verifier() {
        return Secp256k1.backend().name();
    }

    private static void extractTo(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (Exception e) {
            // the loader then fails and the self-check says why; nothing else depends on this directory
            LOG.warnf("podchain.crypto.native-library-dir %s cannot be created (%s)", dir, e.toString());
        }
        System.setProperty(EXTRACT_DIR_PROPERTY, dir.toAbsolutePath().toString());
    }

    /** libsecp256k1 when wanted, it loads and it passes the self-check; BouncyCastle otherwise; says which. */
    public static Secp256k1.Backend choose(boolean nativeWanted) {
        return choose(nativeWanted, LibSecp256k1::load);
    }

    /** The choice, with the native library loaded by {@code loader} (which fails where it cannot load). */
    static Secp256k1.Backend choose(boolean nativeWanted, Callable<? extends Secp256k1.Backend> loader) {
        if (!nativeWanted) {
            LOG.infof("Signatures are verified by %s (podchain.crypto.native-signatures=false)",
                    Secp256k1.BOUNCY_CASTLE.description());
            return Secp256k1.BOUNCY_CASTLE;
        }
        try {
            Secp256k1.Backend library = loader.call();
            selfCheck(library);
            LOG.infof("Signatures are verified by %s", library.description());
            return library;
        } catch (Exception | LinkageError e) {
            LOG.warnf("Signatures are verified by %s: libsecp256k1 could not be used (%s); where the temporary"
                    + " directory is mounted noexec, set podchain.crypto.native-library-dir to one that is not",
                    Secp256k1.BOUNCY_CASTLE.description(), e.toString());
            return Secp256k1.BOUNCY_CASTLE;
        }
    }

    /**
     * A signature made by the reference must verify, and the same signature over another digest must not, each
     * with the reference's answer; the first call into the library is made here, so a binding that cannot run
     * throws here rather than on a worker thread in the middle of a block.
     */
    static void selfCheck(Secp256k1.Backend candidate) {
        SigningKey key = SigningKey.fromBytes(Hashes.sha256(bytes("podchain signature self-check key")).toBytes());
        Hash digest = Hashes.sha256(bytes("podchain signature self-check"));
        Hash other = Hashes.sha256(bytes("podchain signature self-check, another digest"));
        Signature signature = key.sign(digest);
        Verification valid = candidate.check(key.publicKey(), digest, signature);
        Verification forged = candidate.check(key.publicKey(), other, signature);
        if (valid != Verification.VALID || forged != Verification.INVALID) {
            throw new IllegalStateException("self-check gave " + valid + " for a valid signature and " + forged
                    + " for a forged one");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
