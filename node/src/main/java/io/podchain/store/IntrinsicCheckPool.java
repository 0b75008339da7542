package io.podchain.store;

import io.podchain.chain.Block;
import io.podchain.chain.Violation;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs the intrinsic checks of a page of blocks (signature verification above all) on every core. Threads claim a
 * few blocks at a time from a shared counter rather than a fixed share of the page: on a busy node the scheduler
 * preempts verifying threads at random, and a thread holding a fixed quarter of the page (what a parallel stream
 * hands out on two cores) kept the page waiting while the other thread sat idle; sync verified on 0.7 of 2 cores
 * while other work left 1.1 free.
 */
@ApplicationScoped
public class IntrinsicCheckPool {
    /** Blocks a thread claims at once: about a millisecond of checks, so a preempted thread delays a page by that. */
    static final int BLOCKS_PER_CLAIM = 4;

    private final int workers = Runtime.getRuntime().availableProcessors();
    /** The caller is one of the workers, so the pool has one thread fewer than there are cores. */
    private final ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers - 1), runnable -> {
        Thread thread = new Thread(runnable, "podchain-check");
        thread.setDaemon(true);
        return thread;
    });

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }

    /** {@code check} applied to every block, results in the blocks' order; returns when all are done. */
    public List<List<Violation>> checkAll(List<Block> blocks, Function<Block, List<Violation>> check) {
        @SuppressWarnings("unchecked")
        List<Violation>[] results = new List[blocks.size()];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int from = next.getAndAdd(BLOCKS_PER_CLAIM); from < blocks.size();
                    from = next.getAndAdd(BLOCKS_PER_CLAIM)) {
                for (int i = from; i < Math.min(blocks.size(), from + BLOCKS_PER_CLAIM); i++) {
                    results[i] = check.apply(blocks.get(i));
                }
            }
        };
        int helpers = Math.max(0, Math.min(workers, (blocks.size() + BLOCKS_PER_CLAIM - 1) / BLOCKS_PER_CLAIM) - 1);
        List<Future<?>> helping = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            helping.add(pool.submit(worker));
        }
        try {
            worker.run();
        } catch (RuntimeException e) {
            throw new IllegalStateException("checking a block failed", e);
        }
        for (Future<?> helper : helping) {
            try {
                helper.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking blocks", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("checking a block failed", e.getCause());
            }
        }
        return Arrays.asList(results);
    }
}
