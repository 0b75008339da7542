package io.podchain.p2p;

import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.chain.PublicKey;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The proof each side of a connection gives that it holds the private key of the node key it claims (protocol
 * version 2). Both sides send a fresh random challenge in HELLO; each then signs, with its node key, a digest of
 * everything that makes this connection this connection: both challenges, both keys (the dialler's first), the
 * network and its genesis, and which side it is. A signature therefore proves the key to this peer, on this
 * connection, once: it cannot be replayed on another connection (the other side's challenge is fresh), reflected
 * back (the role differs), or carried to another network. The anchors are devp2p RLPx's auth/ack and libp2p
 * Noise's signed static key. It proves who is at the other end of the handshake; it does not encrypt or
 * authenticate the bytes that follow (no TLS here: the cluster's network is the perimeter, see README).
 */
public final class HandshakeProof {
    /** Domain separation: a handshake signature can never be valid as a message or header signature. */
    static final String DOMAIN_TAG = "podchain/p2p-auth/v2";
    /** 256 bits of fresh randomness per connection and side: a challenge never repeats. */
    public static final int CHALLENGE_LENGTH = 32;

    /** Which side signs: the node that dialled (initiator) or the node that accepted (responder). */
    public enum Role {
        INITIATOR(1), RESPONDER(2);

        private final int code;

        Role(int code) {
            this.code = code;
        }
    }

    /** What both sides know once each has the other's HELLO. */
    public record Transcript(String networkId, Hash genesisHash, PublicKey initiatorKey, PublicKey responderKey,
            byte[] initiatorChallenge, byte[] responderChallenge) {
        public Transcript {
            if (initiatorChallenge.length != CHALLENGE_LENGTH || responderChallenge.length != CHALLENGE_LENGTH) {
                throw new IllegalArgumentException("a challenge is " + CHALLENGE_LENGTH + " bytes");
            }
        }

        /**
         * {@code SHA-256(u8 len(tag) || tag || u8 role || u16 len(networkId) || networkId || genesisHash ||
         * initiatorKey || responderKey || initiatorChallenge || responderChallenge)}.
         */
        public Hash digest(Role signer) {
            byte[] tag = DOMAIN_TAG.getBytes(StandardCharsets.US_ASCII);
            byte[] network = networkId.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            bytes.write(tag.length);
            bytes.writeBytes(tag);
            bytes.write(signer.code);
            bytes.write(network.length >>> 8);
            bytes.write(network.length & 0xff);
            bytes.writeBytes(network);
            bytes.writeBytes(genesisHash.toBytes());
            bytes.writeBytes(initiatorKey.toBytes());
            bytes.writeBytes(responderKey.toBytes());
            bytes.writeBytes(initiatorChallenge);
            bytes.writeBytes(responderChallenge);
            return Hashes.sha256(bytes.toByteArray());
        }

        public Signature sign(SigningKey key, Role signer) {
            return key.sign(digest(signer));
        }

        /** True when {@code signature} is the {@code signer} side's valid, low-S signature by its claimed key. */
        public boolean verify(Role signer, Signature signature) {
            PublicKey key = signer == Role.INITIATOR ? initiatorKey : responderKey;
            return Secp256k1.check(key, digest(signer), signature) == Secp256k1.Verification.VALID;
        }
    }

    private HandshakeProof() {
    }
}
