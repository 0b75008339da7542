package io.podchain.p2p;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * What one peer has yet to read: each message to it is sealed in its channel and counted until the connection has
 * taken it, against the peer's bound ({@link P2pLimits#MAX_OUTBOUND_CHARS}) and the node's ({@link TrafficBudget}).
 * A peer that lets its share pile up is cut off, never waited for.
 */
final class PeerOutbound {
    private static final Logger LOG = Logger.getLogger(PeerOutbound.class);

    private final Link link;
    /** The encrypted, authenticated channel every message travels in (null only in tests of the inbox). */
    private final SecureChannel channel;
    private final TrafficBudget budget;
    private final PeerRequests requests;
    /** The peer, as log lines name it. */
    private final Object peer;
    /** Cuts the connection off without a close frame. */
    private final Runnable abort;
    private final AtomicLong queuedChars = new AtomicLong();

    PeerOutbound(Link link, SecureChannel channel, TrafficBudget budget, PeerRequests requests,
            Object peer, Runnable abort) {
        this.link = link;
        this.channel = channel;
        this.budget = budget;
        this.requests = requests;
        this.peer = peer;
        this.abort = abort;
    }

    /**
     * Sends without waiting; a failure means the connection is going away, which onClose handles. A peer that lets
     * more than {@link P2pLimits#MAX_OUTBOUND_CHARS} pile up unread is disconnected, its queue released; beyond the
     * node's {@link P2pLimits#MAX_NODE_OUTBOUND_CHARS} the message is not sent (gossip: the peer learns the tip from
     * the next STATUS; answers are gated before they are built, {@link #hasRoomForAnswer}).
     *
     * @param text {@code message} as {@link ProtocolCodec#encode} encodes it
     * @return whether the message was queued
     */
    boolean send(ProtocolMessage message, String text) {
        if (!link.isOpen() || !channel.isOpen()) {
            return false;
        }
        long chars = text.length();
        long queued = queuedChars.addAndGet(chars);
        if (queued > P2pLimits.MAX_OUTBOUND_CHARS) {
            queuedChars.addAndGet(-chars);
            LOG.infof("Disconnecting %s: %d characters queued for it unread", peer, queued);
            abort.run();
            return false;
        }
        if (!budget.takeOutbound(chars)) {
            queuedChars.addAndGet(-chars);
            if (message.answersARequest()) {
                // another peer took the room between the gate and here: the asker is cut off as at the gate, since
                // an answer silently missing would leave it waiting
                LOG.debugf("Disconnecting %s: no room for its %s", peer, message.getClass().getSimpleName());
                abort.run();
            } else {
                LOG.debugf("Not sending %s to %s: the node's outbound budget is spent",
                        message.getClass().getSimpleName(), peer);
            }
            return false;
        }
        requests.sent(message);
        // sealed and handed to the connection as one step: frames must leave in the order of their nonces
        synchronized (channel) {
            link.send(channel.seal(text), () -> sent(chars));
        }
        return true;
    }

    /** A frame of the channel's handshake, sent as it is. */
    void sendHandshakeFrame(byte[] frame) {
        link.send(frame, () -> {
        });
    }

    private void sent(long chars) {
        queuedChars.addAndGet(-chars);
        budget.releaseOutbound(chars);
    }

    /**
     * True when an answer of the largest size fits this peer's and the node's outbound bounds; answers are built
     * only then, so a peer that asks and does not read makes the node build nothing.
     */
    boolean hasRoomForAnswer() {
        return peerHasRoomForAnswer() && budget.outboundHasRoomFor(P2pLimits.MAX_MESSAGE_CHARS);
    }

    /** True when an answer of the largest size fits beside what this peer has left unread. */
    boolean peerHasRoomForAnswer() {
        return queuedChars.get() + P2pLimits.MAX_MESSAGE_CHARS <= P2pLimits.MAX_OUTBOUND_CHARS;
    }

    /** The peer's inbox waited too long for it to read our answers. */
    void notReading() {
        LOG.infof("Disconnecting %s (NOT_READING): %d characters of answers unread for %d s", peer,
                Long.valueOf(queuedChars.get()), Long.valueOf(P2pLimits.NOT_READING_TIMEOUT.toSeconds()));
        abort.run();
    }
}
