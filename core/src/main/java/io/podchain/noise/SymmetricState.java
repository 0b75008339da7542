package io.podchain.noise;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A Noise SymmetricState (spec 5.2) with SHA-256: the chaining key, the handshake hash and the key of the moment.
 * Noise's HKDF is RFC 5869's with an empty info, the chaining key as the salt: BouncyCastle's HKDF gives its
 * outputs as one stream.
 */
final class SymmetricState {
    static final int HASH_LENGTH = 32;

    private byte[] chainingKey;
    private byte[] hash;
    private CipherState cipher;

    SymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256(name);
        chainingKey = hash.clone();
    }

    void mixKey(byte[] input) {
        byte[][] out = hkdf(chainingKey, input, 2);
        chainingKey = out[0];
        cipher = new CipherState(out[1]);
    }

    void mixHash(byte[] data) {
        hash = sha256(hash, data);
    }

    void mixKeyAndHash(byte[] input) {
        byte[][] out = hkdf(chainingKey, input, 3);
        chainingKey = out[0];
        mixHash(out[1]);
        cipher = new CipherState(out[2]);
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher == null ? plaintext.clone() : cipher.encrypt(hash, plaintext, 0, plaintext.length);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher == null ? ciphertext.clone()
                : cipher.decrypt(hash, ciphertext, 0, ciphertext.length);
        mixHash(ciphertext);
        return plaintext;
    }

    /** The two transport keys: the initiator's sending key first. */
    CipherState[] split() {
        byte[][] out = hkdf(chainingKey, new byte[0], 2);
        return new CipherState[] {new CipherState(out[0]), new CipherState(out[1])};
    }

    static byte[][] hkdf(byte[] salt, byte[] input, int outputs) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(input, salt, new byte[0]));
        byte[] stream = new byte[outputs * HASH_LENGTH];
        hkdf.generateBytes(stream, 0, stream.length);
        byte[][] out = new byte[outputs][];
        for (int i = 0; i < outputs; i++) {
            out[i] = Arrays.copyOfRange(stream, i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
        }
        return out;
    }

    static byte[] sha256(byte[]... parts) {
        SHA256Digest digest = new SHA256Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[HASH_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
