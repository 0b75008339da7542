package io.podchain.node;

import io.podchain.chain.PublicKey;
import io.podchain.chain.SigningKey;
import io.podchain.store.IdentityStore;
import io.podchain.wallet.MnemonicWallet;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/**
 * The node's key: it signs the messages the node submits for users and the blocks it mines. From
 * {@code podchain.identity.mnemonic} when configured, otherwise generated at first start and kept in the database.
 * Only the public key is ever logged.
 */
@Singleton
public class NodeIdentity {
    private static final Logger LOG = Logger.getLogger(NodeIdentity.class);

    private final IdentityConfig config;
    private final IdentityStore store;
    private volatile SigningKey key;

    NodeIdentity(IdentityConfig config, IdentityStore store) {
        this.config = config;
        this.store = store;
    }

    void load() {
        String passphrase = config.passphrase().orElse("");
        MnemonicWallet wallet = config.mnemonic().isPresent()
                ? MnemonicWallet.restore(config.mnemonic().get(), passphrase)
                : MnemonicWallet.restore(store.loadOrCreate(() -> MnemonicWallet.generate(new SecureRandom()).mnemonic()),
                        passphrase);
        key = wallet.signingKey();
        LOG.infof("Node identity %s (%s)", key.publicKey().toHex(),
                config.mnemonic().isPresent() ? "configured mnemonic" : "mnemonic kept in the database");
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
