package io.podchain.node;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The node's key. Without a mnemonic one is generated at first start and kept in the database. */
@ConfigMapping(prefix = "podchain.identity")
public interface IdentityConfig {
    /** BIP39 words (from a Kubernetes Secret or the environment). Never logged. */
    Optional<String> mnemonic();

    /** Optional BIP39 passphrase. Never logged. */
    Optional<String> passphrase();
}
