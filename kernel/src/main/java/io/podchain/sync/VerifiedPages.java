package io.podchain.sync;

import io.podchain.p2p.Scheduler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Pages of blocks, verified on the scheduler's workers as they arrive and applied one at a time in the order they
 * arrived: verifying a page overlaps with writing the one before it, and no page is applied before an earlier one,
 * whichever verification finishes first. Nothing here waits: a page is applied once it and every page before it are
 * verified.
 */
final class VerifiedPages<T> {
    private record Page<T>(CompletableFuture<T> verified, Consumer<T> apply) {
    }

    private final Scheduler scheduler;
    private final Deque<Page<T>> pages = new ArrayDeque<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    VerifiedPages(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Verifies a page on a worker ({@code verify}) and applies it ({@code apply}) after the pages before it. */
    void add(java.util.function.Supplier<T> verify, Consumer<T> apply) {
        CompletableFuture<T> verified = new CompletableFuture<>();
        synchronized (pages) {
            pages.addLast(new Page<>(verified, apply));
        }
        scheduler.execute(() -> {
            try {
                verified.complete(verify.get());
            } catch (RuntimeException e) {
                verified.completeExceptionally(e);
            }
            scheduler.execute(this::drain);
        });
    }

    private void drain() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        try {
            while (true) {
                Page<T> head;
                synchronized (pages) {
                    head = pages.peekFirst();
                    if (head == null || !head.verified().isDone()) {
                        return;
                    }
                    pages.pollFirst();
                }
                // a failed verification is our side's (the checks throw on nothing a peer sends): the page is applied
                // as unchecked by nobody, so apply sees the failure and abandons the sync
                head.apply().accept(head.verified().isCompletedExceptionally() ? null : head.verified().join());
            }
        } finally {
            draining.set(false);
            boolean more;
            synchronized (pages) {
                more = !pages.isEmpty() && pages.peekFirst().verified().isDone();
            }
            if (more) {
                scheduler.execute(this::drain);
            }
        }
    }
}
