package io.podchain.p2p;

import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import io.podchain.chain.PublicKey;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.Connection;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One WebSocket connection to another node, from either side, and what we know about it: what it proved (its node
 * key), what it merely claims (height, tip, work: hints that make us ask, never believe), what we verified (work
 * backed by headers or blocks we checked), what we measured (round trips) and what it cost us (misbehaviour, queued
 * bytes).
 */
public final class Peer {
    private static final Logger LOG = Logger.getLogger(Peer.class);

    public enum Direction {
        INBOUND, OUTBOUND
    }

    /** A connection is proven or not; once we decided to close it, nothing it sends counts any more. */
    enum State {
        HANDSHAKING, READY, CLOSING
    }

    /** What we know of a peer's chain: a tip at a height with its cumulative work. */
    public record ChainPosition(long height, Hash tip, BigInteger work) {
        public static final ChainPosition NONE = new ChainPosition(0, null, BigInteger.ZERO);
    }

    private final Connection connection;
    private final Direction direction;
    private final PeerShared shared;
    private final ProtocolCodec codec;
    private final Instant connectedAt;
    private final String remoteHost;
    /** The encrypted, authenticated channel every message travels in (null only in tests of the inbox). */
    private final SecureChannel channel;
    private volatile State state = State.HANDSHAKING;
    private volatile ProtocolMessage.Hello hello;
    private volatile String address;
    private volatile PublicKey nodeKey;
    private volatile ChainPosition claimed = ChainPosition.NONE;
    private volatile ChainPosition verified = ChainPosition.NONE;
    private volatile double rttMillis = Double.NaN;
    /** True once the registry has a row for this peer's key (from an earlier connection, or written on this one). */
    private volatile boolean recorded;
    private volatile long pingNonce;
    private volatile long pingSentNanos;
    private volatile Map<String, Double> reportedLatencies = Map.of();
    private int misbehaviour;
    /** Requests sent and not yet answered, by the type of their answer ({@link ProtocolMessage#answeredBy}). */
    private final Map<Class<? extends ProtocolMessage>, AtomicInteger> unanswered = new ConcurrentHashMap<>();
    private final Deque<MessageRequest> messageRequests = new ArrayDeque<>();
    private final PeerInbox inbox;
    private final AtomicLong outboundChars = new AtomicLong();
    /** When the message being handled arrived (its handlers run one at a time, in the inbox's order). */
    private volatile long handledArrivalNanos;

    Peer(Connection connection, Direction direction, String address, String remoteHost, SecureChannel channel,
            PeerShared shared, Instant now) {
        this.connection = connection;
        this.direction = direction;
        this.address = address;
        this.remoteHost = remoteHost;
        this.channel = channel;
        this.shared = shared;
        this.codec = shared.codec();
        this.inbox = new PeerInbox(shared, this, this::isClosing, this::completedHandshake, this::peerHasRoomForAnswer,
                () -> shared.budget().outboundHasRoomFor(P2pLimits.MAX_MESSAGE_CHARS), this::notReading,
                P2pLimits.NOT_READING_TIMEOUT);
        this.connectedAt = now;
    }

    /** An open GET_MESSAGES: its ids, when it was sent, and whether its ids were already left to other announcers. */
    private static final class MessageRequest {
        final Set<Hash> ids;
        final long sentNanos;
        boolean expired;

        MessageRequest(Set<Hash> ids, long sentNanos) {
            this.ids = ids;
            this.sentNanos = sentNanos;
        }
    }

    /** See {@link PeerInbox#submitMessage}. */
    PeerInbox.Refused submitMessage(Runnable handler, long chars) {
        return inbox.submitMessage(handler, chars);
    }

    /** Notes when the message about to be handled arrived on the event loop ({@link #handledArrivalNanos}). */
    void handling(long arrivalNanos) {
        handledArrivalNanos = arrivalNanos;
    }

    /** When the message being handled arrived on the event loop, as {@link System#nanoTime}. */
    long handledArrivalNanos() {
        return handledArrivalNanos;
    }

    /** See {@link PeerInbox#submit}. */
    void submit(Runnable task) {
        inbox.submit(task);
    }

    /** True while the next message received is one of the connection's first two, which must be HELLO and AUTH. */
    boolean expectsHandshakeMessage() {
        return inbox.expectsHandshakeMessage();
    }

    /**
     * Sends without waiting; a failure means the connection is going away, which onClose handles. A peer that lets
     * more than {@link P2pLimits#MAX_OUTBOUND_CHARS} pile up unread is disconnected, its queue released; beyond the
     * node's {@link P2pLimits#MAX_NODE_OUTBOUND_CHARS} the message is not sent (gossip: the peer learns the tip from
     * the next STATUS; answers are gated before they are built, {@link #hasRoomForAnswer}).
     *
     * @return whether the message was queued
     */
    public boolean send(ProtocolMessage message) {
        return send(message, codec.encode(message));
    }

    /**
     * {@link #send(ProtocolMessage)} of a message already encoded: a broadcast encodes once for all its peers.
     *
     * @param text {@code message} as {@link ProtocolCodec#encode} encodes it
     */
    boolean send(ProtocolMessage message, String text) {
        if (!connection.isOpen() || !channel.isOpen()) {
            return false;
        }
        long chars = text.length();
        long queued = outboundChars.addAndGet(chars);
        if (queued > P2pLimits.MAX_OUTBOUND_CHARS) {
            outboundChars.addAndGet(-chars);
            LOG.infof("Disconnecting %s: %d characters queued for it unread", this, queued);
            abort();
            return false;
        }
        if (!shared.budget().takeOutbound(chars)) {
            outboundChars.addAndGet(-chars);
            if (message.answersARequest()) {
                // another peer took the room between the gate and here: the asker is cut off as at the gate, since
                // an answer silently missing would leave it waiting
                LOG.debugf("Disconnecting %s: no room for its %s", this, message.getClass().getSimpleName());
                abort();
            } else {
                LOG.debugf("Not sending %s to %s: the node's outbound budget is spent",
                        message.getClass().getSimpleName(), this);
            }
            return false;
        }
        Class<? extends ProtocolMessage> answer = message.answeredBy();
        if (answer != null) {
            unanswered.computeIfAbsent(answer, type -> new AtomicInteger()).incrementAndGet();
        }
        // sealed and handed to the connection as one step: frames must leave in the order of their nonces
        synchronized (channel) {
            connection.sendBinary(Buffer.buffer(channel.seal(text))).subscribe().with(ok -> sent(chars), failure -> {
                sent(chars);
                LOG.debugf("send to %s failed: %s", this, failure.getMessage());
            });
        }
        return true;
    }

    /** A frame of the channel's handshake, sent as it is. */
    void sendHandshakeFrame(byte[] frame) {
        connection.sendBinary(Buffer.buffer(frame)).subscribe().with(ok -> {
        }, failure -> LOG.debugf("send to %s failed: %s", this, failure.getMessage()));
    }

    private void sent(long chars) {
        outboundChars.addAndGet(-chars);
        shared.budget().releaseOutbound(chars);
    }

    /**
     * True when an answer of the largest size fits this peer's and the node's outbound bounds; answers are built
     * only then, so a peer that asks and does not read makes the node build nothing.
     */
    boolean hasRoomForAnswer() {
        return peerHasRoomForAnswer() && shared.budget().outboundHasRoomFor(P2pLimits.MAX_MESSAGE_CHARS);
    }

    /** True when an answer of the largest size fits beside what this peer has left unread. */
    private boolean peerHasRoomForAnswer() {
        return outboundChars.get() + P2pLimits.MAX_MESSAGE_CHARS <= P2pLimits.MAX_OUTBOUND_CHARS;
    }

    private void notReading() {
        LOG.infof("Disconnecting %s (NOT_READING): %d characters of answers unread for %d s", this,
                Long.valueOf(outboundChars.get()), Long.valueOf(P2pLimits.NOT_READING_TIMEOUT.toSeconds()));
        abort();
    }

    /** Closes with a WebSocket close code of the channel's ({@link SecureChannel#NOT_A_MEMBER}, ...). */
    void close(short code, String reason) {
        close(new CloseReason(code, truncate(reason)));
    }

    /** Closes with a normal close; nothing the peer sends afterwards is looked at. */
    void close(String reason) {
        close(new CloseReason(CloseReason.NORMAL.getCode(), truncate(reason)));
    }

    /**
     * Sends a close frame; {@link P2pLimits#CLOSE_GRACE} later the socket is closed whatever the peer did, so a peer
     * that does not read cannot hold the connection (and what is queued for it) open.
     */
    void close(CloseReason reason) {
        state = State.CLOSING;
        if (connection.isOpen()) {
            connection.close(reason).subscribe().with(ok -> {
            }, failure -> LOG.debugf("close of %s failed: %s", this, failure.getMessage()));
            // whatever the connection says: it counts as closed once its close frame is queued, which is exactly
            // when a peer that does not read would keep it (closing a closed socket does nothing)
            shared.timer().schedule(() -> RawSocket.abort(connection), P2pLimits.CLOSE_GRACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the socket now, without a close frame: what is queued for the peer is dropped and released. */
    void abort() {
        state = State.CLOSING;
        RawSocket.abort(connection);
    }

    /** Close reasons are limited to 123 bytes by RFC 6455. */
    private static String truncate(String reason) {
        return reason.length() > 100 ? reason.substring(0, 100) : reason;
    }

    /** True when an answer of this type (HEADERS, BLOCKS) was asked for; counts the request as answered. */
    boolean takeAnswer(ProtocolMessage answer) {
        AtomicInteger outstanding = unanswered.get(answer.getClass());
        return outstanding != null && outstanding.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    /**
     * Notes a GET_MESSAGES about to be sent; false, and nothing noted, when
     * {@link P2pLimits#MAX_MESSAGE_REQUESTS_IN_FLIGHT} are unanswered.
     */
    synchronized boolean expectMessages(Set<Hash> ids, long nowNanos) {
        if (messageRequests.size() >= P2pLimits.MAX_MESSAGE_REQUESTS_IN_FLIGHT) {
            return false;
        }
        messageRequests.addLast(new MessageRequest(ids, nowNanos));
        return true;
    }

    /** The ids of the oldest unanswered GET_MESSAGES, which a MESSAGES answers; null when none is open. */
    synchronized Set<Hash> takeMessageRequest() {
        MessageRequest oldest = messageRequests.pollFirst();
        return oldest == null ? null : oldest.ids;
    }

    /**
     * The ids of the open requests older than {@code timeout} that were not reported before: they are left to the
     * next announcer. The requests stay open, so that a late answer still matches its request (and is welcome).
     */
    synchronized List<Hash> expireMessageRequests(long nowNanos, Duration timeout) {
        List<Hash> expired = new ArrayList<>();
        for (MessageRequest request : messageRequests) {
            if (!request.expired && nowNanos - request.sentNanos > timeout.toNanos()) {
                request.expired = true;
                expired.addAll(request.ids);
            }
        }
        return expired;
    }

    /** Notes a PING about to be sent; false, and nothing noted, while the last one is unanswered. */
    synchronized boolean startPing(long nonce, long nanos) {
        if (pingSentNanos != 0) {
            return false;
        }
        pingNonce = nonce;
        pingSentNanos = nanos;
        return true;
    }

    /**
     * True when a PING has been unanswered for longer than {@code timeout}. Not while the peer's inbox waits for it to
     * read our answers: the PING is queued behind them, so its silence says nothing the not-reading timeout does not
     * judge already, and sooner.
     */
    boolean pingOverdue(long nowNanos, Duration timeout) {
        long sent = pingSentNanos;
        return sent != 0 && nowNanos - sent > timeout.toNanos() && !inbox.waitingForPeerToRead();
    }

    /** Folds a PONG into the moving average; false when it answers no PING of ours. */
    synchronized boolean completePing(long nonce, long nanos) {
        if (pingSentNanos == 0 || nonce != pingNonce) {
            return false;
        }
        double sample = (nanos - pingSentNanos) / 1e6;
        pingSentNanos = 0;
        rttMillis = Double.isNaN(rttMillis) ? sample
                : P2pLimits.RTT_EWMA_WEIGHT * sample + (1 - P2pLimits.RTT_EWMA_WEIGHT) * rttMillis;
        return true;
    }

    synchronized int addMisbehaviour(int points) {
        misbehaviour += points;
        return misbehaviour;
    }

    synchronized void setMisbehaviour(int points) {
        misbehaviour = points;
    }

    void receivedHello(ProtocolMessage.Hello received) {
        hello = received;
    }

    ProtocolMessage.Hello hello() {
        return hello;
    }

    /** The channel this peer speaks through. */
    SecureChannel channel() {
        return channel;
    }

    /** What both sides of this connection, and no one else, share: each side's proof of its key signs it. */
    byte[] binding() {
        return channel.binding();
    }

    /** The key is proven: from now on the peer is a node we know, at the address we reach it by. */
    void markReady(PublicKey key, String reachableAddress) {
        nodeKey = key;
        address = reachableAddress;
        state = State.READY;
    }

    void claim(ChainPosition position) {
        claimed = position;
    }

    /**
     * It sent a block beyond our tip whose parent we lack: it claims at least that block's position. A hint like any
     * claim ({@code PeerChoice} decides whether and whom to ask), never a command to sync from this peer.
     */
    synchronized void claimAtLeast(ChainPosition position) {
        if (ChainWork.isBetter(position.work(), claimed.work())) {
            claimed = position;
        }
    }

    /**
     * What we checked ourselves about this peer's chain: it sent headers with this much work that chain onto ours
     * and carry valid proof of work, or blocks we stored. Only ever moves up.
     */
    public synchronized void verified(ChainPosition position) {
        if (ChainWork.isBetter(position.work(), verified.work())) {
            verified = position;
        }
    }

    /** Its claim was not backed by its headers: from now on we count only what it proved. */
    public void dropClaim() {
        claimed = verified;
    }

    boolean tryAcquire(long nanos) {
        return inbox.tryAcquire(nanos);
    }

    void reportLatencies(Map<String, Double> latencies) {
        reportedLatencies = Map.copyOf(latencies);
    }

    static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** The IP address the connection comes from (inbound) or goes to (outbound): what IP penalties hold on to. */
    public String remoteHost() {
        return remoteHost;
    }

    public String connectionId() {
        return connection.id();
    }

    public Direction direction() {
        return direction;
    }

    /** As dialled (outbound), or the connection's IP with the port the peer listens on (inbound). */
    public String address() {
        return address;
    }

    /** The proven node key; null until the handshake's proof. */
    public PublicKey nodeKey() {
        return nodeKey;
    }

    /** True once the peer proved its key, even after the connection closed. */
    public boolean completedHandshake() {
        return nodeKey != null;
    }

    public boolean isReady() {
        return state == State.READY && connection.isOpen();
    }

    boolean isClosing() {
        return state == State.CLOSING;
    }

    /** What the peer says about its chain (HELLO, STATUS): a reason to ask it for headers, nothing more. */
    public ChainPosition claimed() {
        return claimed;
    }

    /** What we verified of the peer's chain ourselves. */
    public ChainPosition verified() {
        return verified;
    }

    boolean recorded() {
        return recorded;
    }

    void markRecorded() {
        recorded = true;
    }

    /** Moving average of round trips in milliseconds; NaN until the first PONG. */
    public double rttMillis() {
        return rttMillis;
    }

    public synchronized int misbehaviour() {
        return misbehaviour;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public Map<String, Double> reportedLatencies() {
        return reportedLatencies;
    }

    @Override
    public String toString() {
        return direction.name().toLowerCase() + " " + address + (nodeKey == null ? "" : " " + nodeKey.toHex().substring(0, 12));
    }
}
