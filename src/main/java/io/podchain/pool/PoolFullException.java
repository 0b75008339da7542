package io.podchain.pool;

/** The pending pool is at its bound ({@link PoolBounds}), in all or for this sender: nothing was stored. */
public class PoolFullException extends RuntimeException {
    private final PoolBounds.Verdict verdict;

    PoolFullException(PoolBounds.Verdict verdict) {
        super(verdict == PoolBounds.Verdict.SENDER_FULL
                ? "this sender has " + 100 / PoolBounds.SENDER_SHARE_DIVISOR + " % of the pending pool's bound ("
                        + PoolBounds.MAX_PENDING_MESSAGES + " messages, " + PoolBounds.MAX_PENDING_BYTES
                        + " bytes) waiting; retry once some are mined"
                : "the pending pool holds " + PoolBounds.MAX_PENDING_MESSAGES + " messages or "
                        + PoolBounds.MAX_PENDING_BYTES + " bytes; retry once some are mined");
        this.verdict = verdict;
    }

    public PoolBounds.Verdict verdict() {
        return verdict;
    }
}
