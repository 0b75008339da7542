package io.podchain.pool;

import io.podchain.ledger.MessagesAccepted;
import io.podchain.ledger.PoolBusyException;

import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.identity.NodeIdentity;
import io.podchain.chain.PublicKey;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.store.MessageStore;
import io.podchain.store.PendingLoad;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Group commit for the pool: checked messages wait here and one writer thread stores whatever has gathered, up to
 * {@link #MAX_BATCH}, in one transaction. A commit waits for the disk (fsync), so one commit per message caps a
 * node at a few hundred admissions per second; while one batch commits the next gathers, so under load each commit
 * carries many messages and when idle a lone message is written at once (no timer, no added latency).
 */
@ApplicationScoped
class AdmissionQueue {
    private static final Logger LOG = Logger.getLogger(AdmissionQueue.class);

    /** Messages one transaction writes at most: bounds the statement's arrays (~1 MB) and a commit's duration. */
    static final int MAX_BATCH = 1_000;

    /**
     * Messages waiting for the writer: tens of seconds at the highest measured rate. A writer that far behind (a slow
     * or lost database) refuses more rather than holding them in memory; submitters are told to retry.
     */
    static final int MAX_WAITING = 20_000;

    /** How long the writer waits for a first message before looking whether it should stop. */
    private static final long IDLE_POLL_MILLIS = 500;

    /** A batch commits in milliseconds; a database that hangs longer does not hold up the shutdown. */
    private static final long STOP_WAIT_MILLIS = 2_000;

    private record Waiting(Message message, CompletableFuture<Boolean> stored) {
    }

    private final BlockingQueue<Waiting> waiting = new ArrayBlockingQueue<>(MAX_WAITING);
    private final MessageStore store;
    private final Event<MessagesAccepted> accepted;
    /** The node's own key: its messages (the operator's) are not held to a sender's share. */
    private final Supplier<PublicKey> nodeKey;
    private final PoolBounds bounds;
    private volatile boolean stopped;
    private volatile Thread writer;
    /**
     * What the pool holds in all, kept by the writer between tip changes: counting the whole pool for every batch
     * was a scan of up to {@link PoolBounds#MAX_PENDING_MESSAGES} rows on the admission path. Only blocks take
     * messages out (and a reorganisation puts some back), so a tip change forgets it and the next batch counts again.
     */
    private volatile PoolBounds.Share pendingTotal;
    /** Bumped by every tip change: a total counted before one is not kept after it. */
    private final AtomicLong tipChanges = new AtomicLong();

    AdmissionQueue(MessageStore store, Event<MessagesAccepted> accepted, NodeIdentity identity, PoolConfig config) {
        this.store = store;
        this.accepted = accepted;
        this.nodeKey = identity::publicKey;
        this.bounds = config.bounds();
    }

    void onTipChanged(@Observes ChainTipChanged change) {
        tipChanges.incrementAndGet();
        pendingTotal = null;
    }

    /**
     * Queues a checked message for storing.
     *
     * @return completes with true when the message was new and is now pending, false when it was already known
     *         (pending, mined or on a side branch), exceptionally when it could not be stored
     * @throws PoolBusyException when {@link #MAX_WAITING} messages are already waiting
     */
    CompletableFuture<Boolean> admit(Message message) {
        if (writer == null) {
            startWriter();
        }
        Waiting entry = new Waiting(message, new CompletableFuture<>());
        if (stopped || !waiting.offer(entry)) {
            throw new PoolBusyException(stopped ? "the node is shutting down"
                    : MAX_WAITING + " messages are waiting to be stored; retry shortly");
        }
        return entry.stored();
    }

    private synchronized void startWriter() {
        if (writer == null && !stopped) {
            writer = new Thread(this::run, "podchain-admission");
            writer.setDaemon(true);
            writer.start();
        }
    }

    private void run() {
        List<Waiting> batch = new ArrayList<>(MAX_BATCH);
        while (!stopped) {
            try {
                Waiting first = waiting.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        failWaiting();
    }

    private void write(List<Waiting> batch) {
        // the same message twice in one batch (two peers sent it at once) is written once; both learn the outcome
        Map<Hash, Message> distinct = new LinkedHashMap<>();
        batch.forEach(w -> distinct.putIfAbsent(w.message().id(), w.message()));
        Set<Hash> stored;
        Map<Hash, PoolFullException> refused;
        long tipChangesBefore = tipChanges.get();
        PoolBounds.Share total = pendingTotal;
        try {
            if (total == null) {
                PendingLoad counted = store.pendingTotal();
                total = new PoolBounds.Share(counted.messages(), counted.bytes());
            }
            refused = overBounds(List.copyOf(distinct.values()), total);
            refused.keySet().forEach(distinct::remove);
            stored = store.addPendingAll(List.copyOf(distinct.values()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not store %d pending messages: %s", Integer.valueOf(distinct.size()), e.toString());
            batch.forEach(w -> w.stored().completeExceptionally(e));
            return;
        }
        List<Message> fresh = distinct.values().stream().filter(m -> stored.contains(m.id())).toList();
        if (tipChanges.get() == tipChangesBefore) {
            pendingTotal = total.plus(fresh);
        }
        if (!fresh.isEmpty()) {
            try {
                accepted.fire(new MessagesAccepted(fresh));
            } catch (RuntimeException e) {
                LOG.errorf(e, "An observer of %d accepted messages failed", Integer.valueOf(fresh.size()));
            }
        }
        // each message is new to one submitter only: the first of the batch that carried it
        for (Waiting w : batch) {
            PoolFullException full = refused.get(w.message().id());
            if (full != null) {
                w.stored().completeExceptionally(full);
            } else {
                w.stored().complete(stored.remove(w.message().id()));
            }
        }
    }

    /**
     * The messages of the batch that the pool's bounds ({@link PoolBounds}) leave out, with the reason; a message the
     * node already has is never among them (it is accepted again without change, as always).
     */
    private Map<Hash, PoolFullException> overBounds(List<Message> messages, PoolBounds.Share total) {
        Map<PublicKey, PoolBounds.Share> bySender = new HashMap<>();
        store.pendingBySender(messages.stream().map(Message::sender).distinct().toList())
                .forEach((sender, load) -> bySender.put(sender, new PoolBounds.Share(load.messages(), load.bytes())));
        List<PoolBounds.Verdict> verdicts = bounds.judge(new PoolBounds.Usage(total, bySender), messages,
                nodeKey.get());
        Map<Hash, PoolFullException> refused = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            if (verdicts.get(i) != PoolBounds.Verdict.NONE) {
                refused.put(messages.get(i).id(), new PoolFullException(verdicts.get(i), bounds));
            }
        }
        if (!refused.isEmpty()) {
            store.find(refused.keySet()).keySet().forEach(refused::remove);
        }
        return refused;
    }

    private void failWaiting() {
        PoolBusyException stopping = new PoolBusyException("the node is shutting down");
        for (Waiting w; (w = waiting.poll()) != null; ) {
            w.stored().completeExceptionally(stopping);
        }
    }

    /** Lets a batch being written finish (not interrupted inside JDBC); what still waits is refused. */
    @PreDestroy
    void stop() throws InterruptedException {
        stopped = true;
        Thread running = writer;
        if (running != null) {
            running.join(STOP_WAIT_MILLIS);
        }
        failWaiting();
    }
}
