package io.podchain.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which implementation verifies signatures. */
@ConfigMapping(prefix = "podchain.crypto")
public interface CryptoConfig {
    /**
     * Verify with libsecp256k1 when its native library loads (2.7 times BouncyCastle's rate warm, 5 times cold, on
     * the project's machine); false keeps BouncyCastle, the reference, which is also what runs when it cannot load.
     */
    @WithDefault("true")
    boolean nativeSignatures();
}
