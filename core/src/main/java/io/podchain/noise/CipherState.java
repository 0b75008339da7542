package io.podchain.noise;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState with the AESGCM cipher functions (Noise spec 5.1 and 12.4): AES-256-GCM with a 128-bit tag
 * and a 96-bit nonce of 32 zero bits and the 64-bit big-endian counter {@code n}. Each message uses the next nonce,
 * so a message replayed, dropped or reordered fails to decrypt. Not thread-safe: one sender, one receiver.
 */
public final class CipherState {
    /** Bytes an encryption adds: the GCM tag. */
    public static final int TAG_LENGTH = 16;
    /** The Noise spec reserves the last nonce (2^64-1); a session never gets near either. */
    private static final long MAX_NONCE = -2L;

    private final SecretKeySpec key;
    private final Cipher cipher;
    private long nonce;

    CipherState(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a Noise cipher key has 32 bytes");
        }
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM", e);
        }
    }

    /** Encrypts {@code plaintext[offset, offset+length)} with the next nonce into a new array (ciphertext and tag). */
    public byte[] encrypt(byte[] ad, byte[] plaintext, int offset, int length) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(plaintext, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts {@code ciphertext[offset, offset+length)} with the next nonce.
     *
     * @throws NoiseException when it does not authenticate; the nonce is then used up, so the session cannot go on
     */
    public byte[] decrypt(byte[] ad, byte[] ciphertext, int offset, int length) throws NoiseException {
        if (length < TAG_LENGTH) {
            throw new NoiseException("a Noise ciphertext of " + length + " bytes is shorter than its tag");
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(ciphertext, offset, length);
        } catch (AEADBadTagException e) {
            throw new NoiseException("the message does not authenticate", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private GCMParameterSpec nextNonce() {
        if (nonce == MAX_NONCE) {
            throw new IllegalStateException("the session's nonces are used up");
        }
        byte[] iv = ByteBuffer.allocate(12).putInt(0).putLong(nonce++).array();
        return new GCMParameterSpec(TAG_LENGTH * 8, iv);
    }
}
