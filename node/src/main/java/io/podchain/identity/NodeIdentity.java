package io.podchain.identity;

import io.podchain.p2p.NodeKey;
import io.podchain.chain.PublicKey;
import io.podchain.chain.SigningKey;
import io.podchain.wallet.MnemonicWallet;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The node's key: it signs the messages the node submits for users and the blocks it mines. From
 * {@code podchain.identity.mnemonic} when configured, otherwise generated at first start and kept in the database.
 * Only the public key is ever logged.
 */
@Singleton
public class NodeIdentity implements NodeKey {
    private static final Logger LOG = Logger.getLogger(NodeIdentity.class);

    private final IdentityConfig config;
    private final IdentityStore store;
    private volatile SigningKey key;

    @Inject
    NodeIdentity(IdentityConfig config, IdentityStore store) {
        this.config = config;
        this.store = store;
    }

    private NodeIdentity(SigningKey key) {
        this(null, null);
        this.key = key;
    }

    /** An identity already known, with nothing to load: for tools and tests that run the network's parts alone. */
    public static NodeIdentity of(SigningKey key) {
        return new NodeIdentity(key);
    }

    public void load() {
        String passphrase = config.passphrase().orElse("");
        Optional<String> configured = configuredMnemonic();
        MnemonicWallet wallet = MnemonicWallet.restore(configured.orElseGet(
                () -> store.loadOrCreate(() -> MnemonicWallet.generate(new SecureRandom()).mnemonic())), passphrase);
        key = wallet.signingKey();
        LOG.infof("Node identity %s (%s)", key.publicKey().toHex(),
                configured.isPresent() ? "configured mnemonic" : "mnemonic kept in the database");
    }

    private Optional<String> configuredMnemonic() {
        if (config.mnemonic().isPresent() && config.mnemonicFile().isPresent()) {
            throw new IllegalStateException("podchain.identity.mnemonic and podchain.identity.mnemonic-file are both"
                    + " set; configure one");
        }
        if (config.mnemonicFile().isEmpty()) {
            return config.mnemonic();
        }
        Path file = config.mnemonicFile().get();
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read podchain.identity.mnemonic-file " + file + ": " + e, e);
        }
    }

    public SigningKey signingKey() {
        if (key == null) {
            throw new IllegalStateException("identity not loaded yet");
        }
        return key;
    }

    public PublicKey publicKey() {
        return signingKey().publicKey();
    }
}
