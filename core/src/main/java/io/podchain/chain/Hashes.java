package io.podchain.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash function of the protocol. */
public final class Hashes {
    private Hashes() {
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    public static Hash sha256(byte[]... parts) {
        MessageDigest digest = newSha256();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return Hash.wrap(digest.digest());
    }

    /**
     * The digest a signature commits to: SHA-256 over a length-prefixed domain tag and the signed bytes. The tag
     * keeps a message signature from ever being valid as a header signature, and the reverse.
     */
    static Hash signingDigest(String domainTag, byte[] signedBytes) {
        byte[] tag = domainTag.getBytes(StandardCharsets.US_ASCII);
        return sha256(new byte[] {(byte) tag.length}, tag, signedBytes);
    }
}
