package io.podchain.p2p;

/** A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Thread-safe. */
final class RateLimiter {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    RateLimiter(int ratePerSecond, int burst) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    synchronized boolean tryAcquire(long nowNanos) {
        if (lastNanos != 0) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
        }
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
