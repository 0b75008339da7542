package io.podchain.identity;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** The node's key. Without a mnemonic one is generated at first start and kept in the database. */
@ConfigMapping(prefix = "podchain.identity")
public interface IdentityConfig {
    /** BIP39 words (from a Kubernetes Secret or the environment). Never logged. */
    Optional<String> mnemonic();

    /**
     * A file holding the BIP39 words: a mounted Secret, where each pod of a StatefulSet picks its own key by its
     * name ({@code /etc/podchain/mnemonics/$(POD_NAME)}), which an environment variable cannot do. A configured
     * file that is missing stops the start-up: a node must never run with another key than the one it was given.
     */
    Optional<Path> mnemonicFile();

    /** Optional BIP39 passphrase. Never logged. */
    Optional<String> passphrase();
}
