package io.podchain.p2p;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} over the worker and the timer a unit test chooses (a held executor, the caller's thread). */
record TestScheduler(Executor worker, ScheduledExecutorService timer, SecureRandom random) implements Scheduler {
    static Scheduler of(Executor worker, ScheduledExecutorService timer) {
        return new TestScheduler(worker, timer, new SecureRandom());
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        worker.execute(task);
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        timer.schedule(() -> worker.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
