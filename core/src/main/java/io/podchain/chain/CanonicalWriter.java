package io.podchain.chain;

import java.io.ByteArrayOutputStream;

/**
 * Writes the canonical encoding: big-endian fixed-width integers, fixed-length fields, and byte strings
 * prefixed by their length. Never string concatenation: two different objects can never encode alike.
 */
public final class CanonicalWriter {
    private final ByteArrayOutputStream out;

    public CanonicalWriter(int expectedSize) {
        out = new ByteArrayOutputStream(expectedSize);
    }

    public CanonicalWriter u8(int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("u8 out of range: " + value);
        }
        out.write(value);
        return this;
    }

    public CanonicalWriter u16(int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("u16 out of range: " + value);
        }
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public CanonicalWriter u32(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException("u32 out of range: " + value);
        }
        return fixedWidth(value, 4);
    }

    public CanonicalWriter i64(long value) {
        return fixedWidth(value, 8);
    }

    private CanonicalWriter fixedWidth(long value, int width) {
        for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    /** A field whose length the format fixes (hashes, keys, signatures). */
    public CanonicalWriter fixed(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A variable-length byte string: u16 length, then the bytes. */
    public CanonicalWriter bytes16(byte[] bytes) {
        u16(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
