package io.podchain.chain;

import java.math.BigInteger;

/** Proof of work: a block hash with at least {@code difficulty} leading zero bits. Its work is 2^difficulty. */
public final class ProofOfWork {
    private ProofOfWork() {
    }

    public static int leadingZeroBits(byte[] digest) {
        int bits = 0;
        for (byte b : digest) {
            if (b == 0) {
                bits += 8;
            } else {
                return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
            }
        }
        return bits;
    }

    public static int leadingZeroBits(Hash hash) {
        return leadingZeroBits(hash.toBytes());
    }

    public static boolean meets(byte[] digest, int difficulty) {
        return leadingZeroBits(digest) >= difficulty;
    }

    public static boolean meets(Hash hash, int difficulty) {
        return leadingZeroBits(hash) >= difficulty;
    }

    /** The expected number of hashes to find such a block: what fork choice adds up. */
    public static BigInteger work(int difficulty) {
        return BigInteger.ONE.shiftLeft(difficulty);
    }
}
