package io.podchain.p2p;

import java.time.Duration;

/**
 * One peer's round trips: the PING in flight (one at a time) and the moving average of the answered ones, which
 * sync uses to prefer the closest peer.
 */
final class RoundTrips {
    private long pingNonce;
    private volatile long pingSentNanos;
    private volatile double millis = Double.NaN;

    /** Notes a PING about to be sent; false, and nothing noted, while the last one is unanswered. */
    synchronized boolean start(long nonce, long nanos) {
        if (pingSentNanos != 0) {
            return false;
        }
        pingNonce = nonce;
        pingSentNanos = nanos;
        return true;
    }

    /** True when the PING in flight has been unanswered for longer than {@code timeout}. */
    boolean overdue(long nowNanos, Duration timeout) {
        long sent = pingSentNanos;
        return sent != 0 && nowNanos - sent > timeout.toNanos();
    }

    /** Folds a PONG into the moving average; false when it answers no PING of ours. */
    synchronized boolean complete(long nonce, long nanos) {
        if (pingSentNanos == 0 || nonce != pingNonce) {
            return false;
        }
        double sample = (nanos - pingSentNanos) / 1e6;
        pingSentNanos = 0;
        millis = Double.isNaN(millis) ? sample
                : P2pLimits.RTT_EWMA_WEIGHT * sample + (1 - P2pLimits.RTT_EWMA_WEIGHT) * millis;
        return true;
    }

    /** Moving average of round trips in milliseconds; NaN until the first PONG. */
    double millis() {
        return millis;
    }
}
