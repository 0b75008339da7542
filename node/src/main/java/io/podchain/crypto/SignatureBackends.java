package io.podchain.crypto;

import io.podchain.chain.Secp256k1;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Chooses, once at start and before any block or peer is looked at, what verifies signatures: libsecp256k1 when its
 * native library loads, BouncyCastle otherwise (another platform, no writable temporary directory) or when
 * configured so. The node says which in its log.
 */
@ApplicationScoped
public class SignatureBackends {
    private static final Logger LOG = Logger.getLogger(SignatureBackends.class);
    /** Before the chain is initialised (priority 10) and the network starts (20). */
    static final int PRIORITY = 5;

    void onStart(@Observes @Priority(PRIORITY) StartupEvent event, CryptoConfig config) {
        Secp256k1.use(choose(config.nativeSignatures()));
    }

    /** libsecp256k1 when wanted and it loads, BouncyCastle otherwise; says which in the log. */
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
            LOG.infof("Signatures are verified by %s", library.description());
            return library;
        } catch (Exception | LinkageError e) {
            LOG.warnf("Signatures are verified by %s: libsecp256k1 could not be loaded (%s)",
                    Secp256k1.BOUNCY_CASTLE.description(), e.toString());
            return Secp256k1.BOUNCY_CASTLE;
        }
    }
}
