package io.podchain.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/**
 * The handshake {@code Noise_NNpsk0_25519_AESGCM_SHA256} (Noise spec 7.4 and 9): two messages, no static keys,
 * the pre-shared key mixed in before the first.
 *
 * <pre>
 *   -> psk, e      the initiator's ephemeral key; its payload is encrypted under the pre-shared key alone
 *   <- e, ee       the responder's; from here both hold keys only the two of them know
 * </pre>
 *
 * A side without the pre-shared key cannot produce a first message the responder decrypts, nor read or answer one:
 * the responder learns it from the first message's tag, having computed a few hashes and no Diffie-Hellman. The
 * identity of each side is proven afterwards, inside the session, by signing the {@linkplain NoiseSession#handshakeHash
 * handshake hash} with the node key (Noise spec 11.2, channel binding).
 */
public final class NoiseHandshake {
    public static final String PROTOCOL = "Noise_NNpsk0_25519_AESGCM_SHA256";
    /** Bytes of an X25519 public key, the first part of each handshake message. */
    public static final int KEY_LENGTH = 32;
    /** Noise's bound on any message, handshake or transport (spec 3). */
    public static final int MAX_MESSAGE_LENGTH = 65_535;

    public enum Role {
        INITIATOR, RESPONDER
    }

    private final Role role;
    private final SymmetricState state = new SymmetricState(PROTOCOL);
    private final X25519PrivateKeyParameters ephemeral;
    private byte[] remoteEphemeral;
    /** Messages written or read so far: 0, 1, or 2 (complete). */
    private int step;

    private NoiseHandshake(Role role, byte[] prologue, byte[] psk, X25519PrivateKeyParameters ephemeral) {
        if (psk.length != 32) {
            throw new IllegalArgumentException("a Noise pre-shared key has 32 bytes");
        }
        this.role = role;
        this.ephemeral = ephemeral;
        state.mixHash(prologue);
        state.mixKeyAndHash(psk);
    }

    public static NoiseHandshake start(Role role, byte[] prologue, byte[] psk, SecureRandom random) {
        return new NoiseHandshake(role, prologue, psk, new X25519PrivateKeyParameters(random));
    }

    /**
     * With a given ephemeral private key: for golden vectors only. A reused ephemeral key breaks the handshake's
     * secrecy; the node never calls this.
     */
    public static NoiseHandshake withEphemeral(Role role, byte[] prologue, byte[] psk, byte[] ephemeralPrivate) {
        return new NoiseHandshake(role, prologue, psk, new X25519PrivateKeyParameters(ephemeralPrivate, 0));
    }

    public Role role() {
        return role;
    }

    /**
     * The initiator's first message, or the responder's answer once it has read the first.
     *
     * @throws NoiseException when the initiator's ephemeral key (read before) turns out to be a low-order point
     */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        if (step != (role == Role.INITIATOR ? 0 : 1)) {
            throw new IllegalStateException("not this side's turn to write");
        }
        byte[] e = ephemeral.generatePublicKey().getEncoded();
        state.mixHash(e);
        state.mixKey(e); // the "e" token of a psk handshake (spec 9.2)
        if (role == Role.RESPONDER) {
            state.mixKey(dh(remoteEphemeral));
        }
        byte[] ciphertext = state.encryptAndHash(payload);
        step++;
        byte[] message = Arrays.copyOf(e, KEY_LENGTH + ciphertext.length);
        System.arraycopy(ciphertext, 0, message, KEY_LENGTH, ciphertext.length);
        return checkedLength(message);
    }

    /**
     * The other side's message: its payload, once it authenticates.
     *
     * @throws NoiseException when it is malformed or does not authenticate (for the first message: the sender does
     *         not hold the pre-shared key, or speaks another protocol)
     */
    public byte[] readMessage(byte[] message) throws NoiseException {
        if (step != (role == Role.RESPONDER ? 0 : 1)) {
            throw new IllegalStateException("not this side's turn to read");
        }
        if (message.length < KEY_LENGTH + CipherState.TAG_LENGTH || message.length > MAX_MESSAGE_LENGTH) {
            throw new NoiseException("a handshake message of " + message.length + " bytes");
        }
        remoteEphemeral = Arrays.copyOf(message, KEY_LENGTH);
        state.mixHash(remoteEphemeral);
        state.mixKey(remoteEphemeral);
        if (role == Role.INITIATOR) {
            state.mixKey(dh(remoteEphemeral));
        }
        byte[] payload = state.decryptAndHash(Arrays.copyOfRange(message, KEY_LENGTH, message.length));
        step++;
        return payload;
    }

    public boolean isComplete() {
        return step == 2;
    }

    /** The transport keys and the handshake hash, once both messages went. */
    public NoiseSession session() {
        if (!isComplete()) {
            throw new IllegalStateException("the handshake is not complete");
        }
        CipherState[] keys = state.split();
        return role == Role.INITIATOR ? new NoiseSession(keys[0], keys[1], state.handshakeHash())
                : new NoiseSession(keys[1], keys[0], state.handshakeHash());
    }

    private byte[] dh(byte[] publicKey) throws NoiseException {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(ephemeral);
        byte[] shared = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(publicKey, 0), shared, 0);
        } catch (IllegalStateException e) {
            // BouncyCastle refuses a low-order point, whose result would be all zeros (and known to anyone)
            throw new NoiseException("the other side's ephemeral key is a low-order point", e);
        }
        return shared;
    }

    private static byte[] checkedLength(byte[] message) {
        if (message.length > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("a handshake payload too large for a Noise message");
        }
        return message;
    }
}
