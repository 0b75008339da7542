package io.podchain.chain;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte SHA-256 digest: a block hash, a message id or a Merkle root. Immutable. */
public final class Hash implements Comparable<Hash> {
    public static final int LENGTH = 32;
    /** The previous-hash of the genesis block. */
    public static final Hash ZERO = new Hash(new byte[LENGTH]);

    private final byte[] bytes;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Hash of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash is " + LENGTH + " bytes");
        }
        return new Hash(bytes.clone());
    }

    /** Parses 64 hex characters (either case). */
    public static Hash fromHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a hash is " + 2 * LENGTH + " hex characters");
        }
        return new Hash(HexFormat.of().parseHex(hex));
    }

    static Hash wrap(byte[] digest) {
        return new Hash(digest);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The byte at {@code index}, without copying. */
    public int byteAt(int index) {
        return bytes[index] & 0xff;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    void writeTo(CanonicalWriter out) {
        out.fixed(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
