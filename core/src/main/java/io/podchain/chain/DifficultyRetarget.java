package io.podchain.chain;

/**
 * Which difficulty a block at a given height must carry. Difficulty changes only at heights that are multiples of
 * the retarget interval, from twice the interval on: the window is the last {@code interval} gaps between blocks,
 * from the block at {@code height - 1 - interval} to the parent, all after genesis (whose timestamp is a constant).
 *
 * <p>Difficulty counts bits, so one step doubles or halves the work per block. Blocks at least twice as fast as the
 * target add a bit per doubling, at least twice as slow remove one, each way at most
 * {@link ConsensusLimits#MAX_RETARGET_STEP_BITS}; the floor is the network's minimum. Integer arithmetic only, so
 * every node computes the same value.
 */
public final class DifficultyRetarget {
    private DifficultyRetarget() {
    }

    public static boolean isRetargetHeight(ChainParams params, long height) {
        return height >= 2L * params.retargetInterval() && height % params.retargetInterval() == 0;
    }

    /** Height of the block whose timestamp opens the window of the retarget at {@code height}. */
    public static long windowStartHeight(ChainParams params, long height) {
        return height - 1 - params.retargetInterval();
    }

    /**
     * @param parent             the header the new block builds on
     * @param windowStartTime    timestamp of the ancestor at {@link #windowStartHeight}; ignored unless retargeting
     */
    public static int expectedDifficulty(ChainParams params, BlockHeader parent, long windowStartTime) {
        long height = parent.height() + 1;
        if (parent.height() == 0) {
            return params.initialDifficulty();
        }
        if (!isRetargetHeight(params, height)) {
            return parent.difficulty();
        }
        long expectedSpan = params.retargetInterval() * params.targetBlockTime().toMillis();
        long actualSpan = Math.max(1, parent.timestamp() - windowStartTime);
        int step = stepBits(expectedSpan, actualSpan);
        return Math.max(params.minDifficulty(), Math.min(ConsensusLimits.MAX_DIFFICULTY, parent.difficulty() + step));
    }

    /** Positive when blocks came too fast (harder), negative when too slow (easier). */
    static int stepBits(long expectedSpan, long actualSpan) {
        int step = 0;
        while (step < ConsensusLimits.MAX_RETARGET_STEP_BITS && doubled(actualSpan, step + 1) <= expectedSpan) {
            step++;
        }
        if (step > 0) {
            return step;
        }
        while (step < ConsensusLimits.MAX_RETARGET_STEP_BITS && doubled(expectedSpan, step + 1) <= actualSpan) {
            step++;
        }
        return -step;
    }

    private static long doubled(long value, int times) {
        return value > (Long.MAX_VALUE >> times) ? Long.MAX_VALUE : value << times;
    }
}
