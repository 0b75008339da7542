package io.podchain.chain;

import java.math.BigInteger;

/**
 * Cumulative work and fork choice: the best chain is the one with the most cumulative work, and between equal
 * work the one seen first stays (switching on a tie would let a miner flip nodes back and forth for free).
 */
public final class ChainWork {
    private ChainWork() {
    }

    public static BigInteger cumulative(BigInteger parentCumulativeWork, int difficulty) {
        return parentCumulativeWork.add(ProofOfWork.work(difficulty));
    }

    /** True only when the candidate branch has strictly more work than the current best. */
    public static boolean isBetter(BigInteger candidate, BigInteger currentBest) {
        return candidate.compareTo(currentBest) > 0;
    }
}
