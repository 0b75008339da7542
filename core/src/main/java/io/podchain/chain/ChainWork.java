package io.podchain.chain;

import java.math.BigInteger;

/**
 * Cumulative work and fork choice: the best chain is the one with the most cumulative work; between equal work the
 * tip with the smaller hash wins. Bitcoin keeps the branch seen first instead, which needs no rule but leaves nodes
 * that saw two equal blocks in different order on different tips until the next block: in a cluster whose nodes
 * mine the same messages at once that happens at every race, and a client Service then shows a message in
 * different blocks depending on the pod it reaches. A rule every node computes alike makes a network at rest agree
 * on one tip. The cost: a miner who finds a competing block of equal work with a smaller hash wins the race even
 * though it published later (selfish mining gains a little), and no node flips back and forth, since the order of
 * hashes is total.
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

    /** True when the candidate tip beats the current one: more work, or equal work and a smaller hash. */
    public static boolean isBetter(BigInteger candidateWork, Hash candidateTip, BigInteger bestWork, Hash bestTip) {
        int byWork = candidateWork.compareTo(bestWork);
        return byWork > 0 || (byWork == 0 && candidateTip.compareTo(bestTip) < 0);
    }
}
