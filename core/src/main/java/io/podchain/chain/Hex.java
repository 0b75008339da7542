package io.podchain.chain;

import java.util.HexFormat;

/** Hex decoding that reports bad input as {@link MalformedException}, naming the field. */
public final class Hex {
    private Hex() {
    }

    public static byte[] decode(String hex, String field) {
        if (hex == null) {
            throw new MalformedException(field + " is missing");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(field + " is not hex: " + e.getMessage());
        }
    }

    public static String encode(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
