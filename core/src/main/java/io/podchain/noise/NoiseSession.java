package io.podchain.noise;

import java.nio.ByteBuffer;

/**
 * The transport phase of a completed Noise handshake: one key each way and the handshake hash. A protocol message
 * of any size travels as one frame of Noise transport messages, each at most {@link NoiseHandshake#MAX_MESSAGE_LENGTH}
 * bytes (all full but the last, so the receiver cuts them where the sender did), whose plaintexts are the message's
 * length (4 bytes, big-endian) followed by the message: a frame cut short, padded, reordered, replayed or changed
 * anywhere fails. Sending and receiving may run on two threads; each direction is used by one at a time.
 */
public final class NoiseSession {
    /** Plaintext bytes one Noise transport message carries at most. */
    public static final int MAX_CHUNK_PLAINTEXT = NoiseHandshake.MAX_MESSAGE_LENGTH - CipherState.TAG_LENGTH;
    private static final byte[] NO_AD = new byte[0];
    private static final int LENGTH_PREFIX = 4;

    private final CipherState sending;
    private final CipherState receiving;
    private final byte[] handshakeHash;

    NoiseSession(CipherState sending, CipherState receiving, byte[] handshakeHash) {
        this.sending = sending;
        this.receiving = receiving;
        this.handshakeHash = handshakeHash;
    }

    CipherState sending() {
        return sending;
    }

    CipherState receiving() {
        return receiving;
    }

    /** The same on both sides of this session and no other: what each side signs to bind its identity to it. */
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    /** Bytes on the wire for a message of {@code length} bytes. */
    public static long frameLength(long length) {
        long plaintext = length + LENGTH_PREFIX;
        long chunks = Math.max(1, (plaintext + MAX_CHUNK_PLAINTEXT - 1) / MAX_CHUNK_PLAINTEXT);
        return plaintext + chunks * CipherState.TAG_LENGTH;
    }

    /** The frame that carries {@code message}. */
    public byte[] seal(byte[] message) {
        ByteBuffer plaintext = ByteBuffer.allocate(LENGTH_PREFIX + message.length).putInt(message.length)
                .put(message);
        byte[] all = plaintext.array();
        ByteBuffer frame = ByteBuffer.allocate((int) frameLength(message.length));
        for (int offset = 0; offset < all.length; offset += MAX_CHUNK_PLAINTEXT) {
            frame.put(sending.encrypt(NO_AD, all, offset, Math.min(MAX_CHUNK_PLAINTEXT, all.length - offset)));
        }
        return frame.array();
    }

    /**
     * The message a frame carries.
     *
     * @throws NoiseException when any of its transport messages does not authenticate or its length does not match:
     *         the session cannot go on (its receiving nonce is spent)
     */
    public byte[] open(byte[] frame) throws NoiseException {
        if (frame.length < LENGTH_PREFIX + CipherState.TAG_LENGTH) {
            throw new NoiseException("a frame of " + frame.length + " bytes");
        }
        ByteBuffer plaintext = ByteBuffer.allocate(frame.length);
        for (int offset = 0; offset < frame.length; offset += NoiseHandshake.MAX_MESSAGE_LENGTH) {
            plaintext.put(receiving.decrypt(NO_AD, frame, offset,
                    Math.min(NoiseHandshake.MAX_MESSAGE_LENGTH, frame.length - offset)));
        }
        int length = plaintext.flip().getInt();
        if (length != plaintext.remaining()) {
            throw new NoiseException("a frame says " + length + " bytes and carries " + plaintext.remaining());
        }
        byte[] message = new byte[length];
        plaintext.get(message);
        return message;
    }
}
