package io.podchain.chain;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A compressed secp256k1 public key: 33 bytes, prefix 0x02 or 0x03. The shape is checked here; whether the
 * bytes are a point on the curve is checked by {@link Secp256k1#check} when a signature is verified.
 */
public final class PublicKey {
    public static final int LENGTH = 33;

    private final byte[] bytes;

    private PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PublicKey of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH || (bytes[0] != 0x02 && bytes[0] != 0x03)) {
            throw new MalformedException("a public key is " + LENGTH + " bytes of compressed secp256k1 (02/03 prefix)");
        }
        return new PublicKey(bytes.clone());
    }

    public static PublicKey fromHex(String hex) {
        return of(Hex.decode(hex, "public key"));
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
        return o instanceof PublicKey other && Arrays.equals(bytes, other.bytes);
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
