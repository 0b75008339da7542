package io.podchain.p2p;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-wide share of what peers can make the node hold: characters received and waiting to be handled
 * ({@link P2pLimits#MAX_NODE_INBOX_CHARS}) and characters queued to be sent ({@link P2pLimits#MAX_NODE_OUTBOUND_CHARS}),
 * over all connections. Each {@link Peer} also keeps its own bounds; these make their sum fit the pod.
 */
public class TrafficBudget {
    private final AtomicLong inbox = new AtomicLong();
    private final AtomicLong outbound = new AtomicLong();
    private final long inboxLimit;
    private final long outboundLimit;

    TrafficBudget() {
        this(P2pLimits.MAX_NODE_INBOX_CHARS, P2pLimits.MAX_NODE_OUTBOUND_CHARS);
    }

    TrafficBudget(long inboxLimit, long outboundLimit) {
        this.inboxLimit = inboxLimit;
        this.outboundLimit = outboundLimit;
    }

    /** Takes {@code chars} of the inbox budget; false, and nothing taken, when they do not fit. */
    boolean takeInbox(long chars) {
        return take(inbox, inboxLimit, chars);
    }

    void releaseInbox(long chars) {
        inbox.addAndGet(-chars);
    }

    /** Takes {@code chars} of the outbound budget; false, and nothing taken, when they do not fit. */
    boolean takeOutbound(long chars) {
        return take(outbound, outboundLimit, chars);
    }

    void releaseOutbound(long chars) {
        outbound.addAndGet(-chars);
    }

    /** True while an answer of the largest size would fit: answers are built only then. */
    boolean outboundHasRoomFor(long chars) {
        return outbound.get() + chars <= outboundLimit;
    }

    public long inboxChars() {
        return inbox.get();
    }

    public long outboundChars() {
        return outbound.get();
    }

    private static boolean take(AtomicLong used, long limit, long chars) {
        if (used.addAndGet(chars) > limit && chars > 0) {
            used.addAndGet(-chars);
            return false;
        }
        return true;
    }
}
