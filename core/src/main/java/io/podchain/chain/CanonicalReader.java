package io.podchain.chain;

import java.util.Arrays;

/** Reads the canonical encoding written by {@link CanonicalWriter}; any shortfall is a {@link MalformedException}. */
public final class CanonicalReader {
    private final byte[] data;
    private int position;

    public CanonicalReader(byte[] data) {
        this.data = data;
    }

    public int u8() {
        require(1);
        return data[position++] & 0xff;
    }

    public int u16() {
        return (int) fixedWidth(2);
    }

    public long u32() {
        return fixedWidth(4);
    }

    public long i64() {
        return fixedWidth(8);
    }

    private long fixedWidth(int width) {
        require(width);
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 8) | (data[position++] & 0xff);
        }
        return value;
    }

    public byte[] fixed(int length) {
        require(length);
        byte[] bytes = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return bytes;
    }

    public byte[] bytes16(int maxLength) {
        int length = u16();
        if (length > maxLength) {
            throw new MalformedException("byte string of " + length + " bytes exceeds " + maxLength);
        }
        return fixed(length);
    }

    public Hash hash() {
        return Hash.wrap(fixed(Hash.LENGTH));
    }

    public boolean exhausted() {
        return position == data.length;
    }

    /** Fails unless every byte was consumed: trailing bytes would give one object two encodings. */
    public void requireExhausted() {
        if (!exhausted()) {
            throw new MalformedException((data.length - position) + " trailing bytes");
        }
    }

    private void require(int length) {
        if (length < 0 || data.length - position < length) {
            throw new MalformedException("truncated: needs " + length + " more bytes at offset " + position);
        }
    }
}
