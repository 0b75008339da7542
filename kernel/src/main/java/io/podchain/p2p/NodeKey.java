package io.podchain.p2p;

import io.podchain.chain.PublicKey;
import io.podchain.chain.SigningKey;

/** The node's key, which the handshake proves to every peer: the node's identity, or a simulated node's key. */
public interface NodeKey {
    PublicKey publicKey();

    SigningKey signingKey();

    static NodeKey of(SigningKey key) {
        return new NodeKey() {
            @Override
            public PublicKey publicKey() {
                return key.publicKey();
            }

            @Override
            public SigningKey signingKey() {
                return key;
            }
        };
    }
}
