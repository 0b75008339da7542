package io.podchain.mining;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.ProofOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Searches nonces on a fixed set of threads: thread i of n tries i, i + n, i + 2n, ... so no nonce is tried twice.
 * Every thread looks at the cancel condition every {@link #CANCEL_CHECK_INTERVAL} hashes, and then rests for as long
 * as its CPU share asks.
 */
public final class NonceSearch implements AutoCloseable {
    /** Hashes between two looks at the cancel condition: about half a millisecond of work at ~8 M hashes/s. */
    static final int CANCEL_CHECK_INTERVAL = 4_096;

    private final int threads;
    private final double cpuShare;
    private final ExecutorService workers;
    private final AtomicLong hashesTried = new AtomicLong();

    public NonceSearch(int threads) {
        this(threads, 1.0);
    }

    /** @param cpuShare fraction of each thread's time spent hashing; it sleeps the rest (1: never sleeps) */
    public NonceSearch(int threads, double cpuShare) {
        if (threads < 1) {
            throw new IllegalArgumentException("podchain.mining.threads must be at least 1");
        }
        if (!(cpuShare > 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("podchain.mining.cpu-share must be in (0, 1]");
        }
        this.threads = threads;
        this.cpuShare = cpuShare;
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "podchain-miner");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
    }

    /**
     * The template with the first nonce found that meets its difficulty, or empty once {@code cancelled} is true.
     */
    public Optional<BlockHeader> search(BlockHeader template, BooleanSupplier cancelled) {
        AtomicReference<Long> found = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            long first = i;
            running.add(workers.submit(() -> {
                BlockHeader.NonceHasher hasher = template.nonceHasher();
                int difficulty = template.difficulty();
                long tries = 0;
                long burstStarted = System.nanoTime();
                try {
                    for (long nonce = first; ; nonce += threads) {
                        if (++tries % CANCEL_CHECK_INTERVAL == 0) {
                            hashesTried.addAndGet(CANCEL_CHECK_INTERVAL);
                            if (stop.get() || cancelled.getAsBoolean()) {
                                return;
                            }
                            burstStarted = rest(burstStarted);
                        }
                        if (ProofOfWork.meets(hasher.hash(nonce), difficulty)) {
                            found.compareAndSet(null, nonce);
                            stop.set(true);
                            return;
                        }
                    }
                } finally {
                    hashesTried.addAndGet(tries % CANCEL_CHECK_INTERVAL);
                }
            }));
        }
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("nonce search failed", e.getCause());
        } finally {
            stop.set(true);
        }
        return Optional.ofNullable(found.get()).map(template::withNonce);
    }

    /** After a burst of hashing, sleeps long enough that hashing takes {@link #cpuShare} of the thread's time. */
    private long rest(long burstStarted) {
        if (cpuShare < 1) {
            long busy = System.nanoTime() - burstStarted;
            LockSupport.parkNanos((long) (busy * (1 - cpuShare) / cpuShare));
        }
        return System.nanoTime();
    }

    /** Hashes tried so far. */
    public long hashesTried() {
        return hashesTried.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
