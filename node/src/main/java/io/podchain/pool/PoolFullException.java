package io.podchain.pool;

/** The pending pool is at its bound ({@link PoolBounds}), in all or for this sender: nothing was stored. */
public class PoolFullException extends RuntimeException {
    private final PoolBounds.Verdict verdict;

    PoolFullException(PoolBounds.Verdict verdict, PoolBounds bounds) {
        super(verdict == PoolBounds.Verdict.SENDER_FULL
                ? "this sender has " + 100 / PoolBounds.SENDER_SHARE_DIVISOR + " % of the pending pool's bound ("
                        + bounds.maxMessages() + " messages, " + bounds.maxBytes()
                        + " bytes) waiting; retry once some are mined"
                : "the pending pool holds " + bounds.maxMessages() + " messages or " + bounds.maxBytes()
                        + " bytes; retry once some are mined");
        this.verdict = verdict;
    }

    public PoolBounds.Verdict verdict() {
        return verdict;
    }
}
