package io.podchain.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A node's wall clock: the run's start plus virtual time, plus the node's skew. */
final class SimClock extends Clock {
    private final EventLoop loop;
    private final long startMillis;
    private volatile long skewMillis;

    SimClock(EventLoop loop, long startMillis) {
        this.loop = loop;
        this.startMillis = startMillis;
    }

    void skew(long millis) {
        skewMillis = millis;
    }

    @Override
    public long millis() {
        return startMillis + loop.now() / 1_000_000 + skewMillis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a simulated clock is in UTC");
    }
}
