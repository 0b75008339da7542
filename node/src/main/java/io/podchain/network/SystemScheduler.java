package io.podchain.network;

import io.podchain.p2p.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * The node's {@link Scheduler}: {@link System#nanoTime}, the managed worker pool (blocking work such as the
 * database is allowed there), one timer thread, which only hands what is due to the workers, and the system's
 * {@link SecureRandom}.
 */
@ApplicationScoped
class SystemScheduler implements Scheduler {
    private final ManagedExecutor workers;
    private final SecureRandom random = new SecureRandom();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "podchain-p2p-timer");
        thread.setDaemon(true);
        return thread;
    });

    SystemScheduler(ManagedExecutor workers) {
        this.workers = workers;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        try {
            timer.schedule(() -> workers.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the node is stopping: nothing scheduled now would run before the end
        }
    }

    @Override
    public SecureRandom random() {
        return random;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
