package io.podchain.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Which implementation verifies signatures. */
@ConfigMapping(prefix = "podchain.crypto")
public interface CryptoConfig {
    /**
     * Verify with libsecp256k1 when its native library loads and passes the self-check (2.7 times BouncyCastle's
     * rate warm, 5 times cold, on the project's machine); false keeps BouncyCastle, the reference, which is also
     * what runs when it cannot.
     */
    @WithDefault("true")
    boolean nativeSignatures();

    /**
     * Where the native library is extracted before it is mapped; the directory must allow execution. Unset: the
     * JVM's temporary directory, which a hardened pod often mounts {@code noexec} (the chart gives the node an
     * {@code emptyDir} of its own for this).
     */
    Optional<Path> nativeLibraryDir();
}
