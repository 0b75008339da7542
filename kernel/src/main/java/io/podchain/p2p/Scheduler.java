package io.podchain.p2p;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * The protocol's time, threads and chance, one per node: a monotonic clock, work handed to a worker, work for later,
 * and the random source. The node's runs on its worker pool and one timer thread with the system's secure random
 * ({@link SystemScheduler}); the simulator's on virtual time, one event at a time, with a generator seeded per node,
 * so that one seed gives one order of events and the same bytes. The protocol reads no other clock for durations,
 * draws from no other random source and starts no thread or timer of its own.
 */
public interface Scheduler {
    /** Monotonic nanoseconds, for durations only (as {@link System#nanoTime}). */
    long nanoTime();

    /** Runs {@code task} soon, off the caller's thread (the node: a worker; the simulator: a later event). */
    void execute(Runnable task);

    /** Runs {@code task} once {@code delay} has passed. */
    void schedule(Runnable task, Duration delay);

    /** The node's random source: channel keys, nonces, jitter. */
    SecureRandom random();
}
