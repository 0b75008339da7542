package io.podchain.p2p;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * One connection's received messages, waiting to be handled in order on a worker thread: bounded in number and
 * characters for the peer ({@link P2pLimits#MAX_INBOX_MESSAGES}, {@link P2pLimits#MAX_INBOX_CHARS}, less before its
 * proof) and for the node ({@link TrafficBudget}), and handled at the peer's rate ({@link P2pLimits#RATE_LIMIT_PER_SECOND},
 * beyond which they wait: an honest burst is slowed down, never punished). While the peer leaves our answers unread
 * they wait too (Bitcoin Core's pause of a peer whose send buffer is full): the next answer is built only once the
 * last is read, and a peer that reads nothing for {@link P2pLimits#NOT_READING_TIMEOUT} is let go.
 */
final class PeerInbox {
    private static final Logger LOG = Logger.getLogger(PeerInbox.class);

    /** How long a rate-limited inbox waits before it looks for a token again: one token's time. */
    private static final Duration RATE_WAIT = Duration.ofNanos(1_000_000_000L / P2pLimits.RATE_LIMIT_PER_SECOND);

    /** Why a received message was not queued. */
    enum Refused {
        /** Queued. */
        NONE,
        /** This peer's {@link P2pLimits#MAX_INBOX_MESSAGES} or {@link P2pLimits#MAX_INBOX_CHARS} are full. */
        PEER_INBOX_FULL,
        /** All peers' {@link P2pLimits#MAX_NODE_INBOX_CHARS} are full. */
        NODE_INBOX_FULL
    }

    /** A unit of work: a received message ({@code rated}, handled at the peer's rate) or our own bookkeeping. */
    private record Task(Runnable work, long chars, boolean rated) {
    }

    private final PeerShared shared;
    /** Named in the log when handling a message fails. */
    private final Object owner;
    private final BooleanSupplier closing;
    private final BooleanSupplier proven;
    private final BooleanSupplier peerHasRoom;
    private final BooleanSupplier nodeHasRoom;
    private final Runnable notReading;
    private final long notReadingTimeoutNanos;
    /** When the drain found no room for an answer and began to wait; 0 while it is not waiting. */
    private volatile long pausedSinceNanos;
    private final RateLimiter rateLimiter = new RateLimiter(P2pLimits.RATE_LIMIT_PER_SECOND, P2pLimits.RATE_LIMIT_BURST);
    private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicLong chars = new AtomicLong();
    private final AtomicInteger messages = new AtomicInteger();
    /** Messages received and queued on this connection, ever: the first two are the handshake's. */
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * @param owner   the connection, as the log names it
     * @param closing true once the connection is being closed: its messages are then dropped without waiting
     * @param proven  true once the peer proved its key: its inbox may then hold {@link P2pLimits#MAX_INBOX_CHARS}
     * @param peerHasRoom true while an answer of the largest size fits what the peer has left unread: messages are
     *                handled only then (and while {@code nodeHasRoom})
     * @param nodeHasRoom true while an answer of the largest size fits the node's outbound budget; other peers fill
     *                that, so waiting for it is never this peer's fault
     * @param notReading called once when the peer left no room for {@code notReadingTimeout}; it closes the connection
     */
    PeerInbox(PeerShared shared, Object owner, BooleanSupplier closing, BooleanSupplier proven,
            BooleanSupplier peerHasRoom, BooleanSupplier nodeHasRoom, Runnable notReading,
            Duration notReadingTimeout) {
        this.shared = shared;
        this.owner = owner;
        this.closing = closing;
        this.proven = proven;
        this.peerHasRoom = peerHasRoom;
        this.nodeHasRoom = nodeHasRoom;
        this.notReading = notReading;
        this.notReadingTimeoutNanos = notReadingTimeout.toNanos();
    }

    /**
     * Queues a received message of {@code size} characters to be handled by {@code handler} after everything
     * received before it. Nothing is queued beyond this peer's or the node's bounds.
     */
    Refused submitMessage(Runnable handler, long size) {
        received.incrementAndGet();
        long limit = proven.getAsBoolean() ? P2pLimits.MAX_INBOX_CHARS : P2pLimits.MAX_UNPROVEN_INBOX_CHARS;
        if (messages.incrementAndGet() > P2pLimits.MAX_INBOX_MESSAGES || chars.addAndGet(size) > limit) {
            messages.decrementAndGet();
            chars.addAndGet(-size);
            return Refused.PEER_INBOX_FULL;
        }
        if (!shared.budget().takeInbox(size)) {
            messages.decrementAndGet();
            chars.addAndGet(-size);
            return Refused.NODE_INBOX_FULL;
        }
        enqueue(new Task(handler, size, true));
        return Refused.NONE;
    }

    /**
     * Runs {@code task} on a worker thread after every task queued before it, one at a time: the protocol is ordered
     * (HELLO and AUTH before anything else), while the WebSocket layer hands messages over on the event loop, where
     * nothing may block. Our own bookkeeping (a close, a PONG's follow-up) is neither bounded nor rate-limited.
     */
    void submit(Runnable task) {
        enqueue(new Task(task, 0, false));
    }

    /** True while the next message received is one of the connection's first two, which must be HELLO and AUTH. */
    boolean expectsHandshakeMessage() {
        return received.get() < 2;
    }

    /** Takes one of the peer's tokens (a PING answered on the event loop uses one too). */
    boolean tryAcquire(long nanos) {
        return rateLimiter.tryAcquire(nanos);
    }

    /**
     * True while received messages wait for the peer to read our earlier answers: within
     * {@code notReadingTimeout} it reads, or it is let go.
     */
    boolean waitingForPeerToRead() {
        return pausedSinceNanos != 0;
    }

    private void enqueue(Task task) {
        tasks.add(task);
        if (draining.compareAndSet(false, true)) {
            shared.scheduler().execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            for (Task task; (task = tasks.peek()) != null; ) {
                if (task.rated() && !closing.getAsBoolean() && pausedForUnreadAnswers()) {
                    shared.scheduler().schedule(this::drain, P2pLimits.PAUSED_INBOX_POLL);
                    return;
                }
                if (task.rated() && !closing.getAsBoolean() && !rateLimiter.tryAcquire(shared.scheduler().nanoTime())) {
                    // the rest waits for the next token; this drain stays the only one (draining stays true). A peer
                    // we are closing does not wait: its messages are dropped as fast as they are taken
                    shared.scheduler().schedule(this::drain, RATE_WAIT);
                    return;
                }
                tasks.poll();
                if (task.rated()) {
                    messages.decrementAndGet();
                    chars.addAndGet(-task.chars());
                    shared.budget().releaseInbox(task.chars());
                }
                try {
                    task.work().run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "handling a message from %s failed", owner);
                }
            }
            draining.set(false);
            if (tasks.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /**
     * True while the next message must wait because the peer has not read our earlier answers; past the timeout the
     * peer is let go ({@code notReading}) and false is returned, so the rest is dropped as the connection closes.
     */
    private boolean pausedForUnreadAnswers() {
        if (peerHasRoom.getAsBoolean()) {
            pausedSinceNanos = 0;
            return !nodeHasRoom.getAsBoolean();
        }
        long now = shared.scheduler().nanoTime();
        if (pausedSinceNanos == 0) {
            pausedSinceNanos = now;
        } else if (now - pausedSinceNanos > notReadingTimeoutNanos) {
            pausedSinceNanos = 0;
            notReading.run();
            return !closing.getAsBoolean();
        }
        return true;
    }
}
