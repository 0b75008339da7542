package io.podchain.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/** An ECDSA signature in its fixed 64-byte form: r and s, each 32 bytes big-endian. */
public final class Signature {
    public static final int LENGTH = 64;
    /** The placeholder signature of the genesis block, which nobody signs. */
    public static final Signature NONE = new Signature(new byte[LENGTH]);

    private final byte[] bytes;

    private Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Signature of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new MalformedException("a signature is " + LENGTH + " bytes (r || s)");
        }
        return new Signature(bytes.clone());
    }

    public static Signature fromHex(String hex) {
        return of(Hex.decode(hex, "signature"));
    }

    static Signature of(BigInteger r, BigInteger s) {
        byte[] out = new byte[LENGTH];
        copyUnsigned(r, out, 0);
        copyUnsigned(s, out, 32);
        return new Signature(out);
    }

    private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
        byte[] raw = value.toByteArray();
        int start = raw.length > 32 ? raw.length - 32 : 0;
        int length = raw.length - start;
        System.arraycopy(raw, start, out, offset + 32 - length, length);
    }

    public BigInteger r() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
    }

    public BigInteger s() {
        return new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
