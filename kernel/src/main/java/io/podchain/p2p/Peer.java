package io.podchain.p2p;

import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import io.podchain.chain.PublicKey;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One WebSocket connection to another node, from either side, and what we know about it: what it proved (its node
 * key), what it merely claims (height, tip, work: hints that make us ask, never believe), what we verified (work
 * backed by headers or blocks we checked), what we measured (round trips) and what it cost us (misbehaviour, queued
 * bytes).
 */
public final class Peer {
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

    private final Link link;
    private final Direction direction;
    private final PeerShared shared;
    private final ProtocolCodec codec;
    private final Instant connectedAt;
    private final String remoteHost;
    private final SecureChannel channel;
    private volatile State state = State.HANDSHAKING;
    private volatile ProtocolMessage.Hello hello;
    private volatile String address;
    private volatile PublicKey nodeKey;
    private volatile ChainPosition claimed = ChainPosition.NONE;
    private volatile ChainPosition verified = ChainPosition.NONE;
    /** True once the registry has a row for this peer's key (from an earlier connection, or written on this one). */
    private volatile boolean recorded;
    private volatile Map<String, Double> reportedLatencies = Map.of();
    private int misbehaviour;
    private final PeerRequests requests = new PeerRequests();
    private final RoundTrips roundTrips = new RoundTrips();
    private final PeerInbox inbox;
    private final PeerOutbound outbound;
    /** When the message being handled arrived (its handlers run one at a time, in the inbox's order). */
    private volatile long handledArrivalNanos;

    Peer(Link link, Direction direction, String address, String remoteHost, SecureChannel channel,
            PeerShared shared, Instant now) {
        this.link = link;
        this.direction = direction;
        this.address = address;
        this.remoteHost = remoteHost;
        this.channel = channel;
        this.shared = shared;
        this.codec = shared.codec();
        this.outbound = new PeerOutbound(link, channel, shared.budget(), requests, this, this::abort);
        this.inbox = new PeerInbox(shared, this, this::isClosing, this::completedHandshake,
                outbound::peerHasRoomForAnswer, () -> shared.budget().outboundHasRoomFor(P2pLimits.MAX_MESSAGE_CHARS),
                outbound::notReading, P2pLimits.NOT_READING_TIMEOUT);
        this.connectedAt = now;
    }

    /** See {@link PeerInbox#submitMessage}. */
    PeerInbox.Refused submitMessage(Runnable handler, long chars) {
        return inbox.submitMessage(handler, chars);
    }

    /** Notes when the message about to be handled arrived on the event loop ({@link #handledArrivalNanos}). */
    void handling(long arrivalNanos) {
        handledArrivalNanos = arrivalNanos;
    }

    /** When the message being handled arrived on the event loop, as {@link Scheduler#nanoTime}. */
    long handledArrivalNanos() {
        return handledArrivalNanos;
    }

    /** The node's time, workers and random source, which every peer shares. */
    Scheduler scheduler() {
        return shared.scheduler();
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
     * Sends without waiting, within the peer's and the node's outbound bounds ({@link PeerOutbound#send}).
     *
     * @return whether the message was queued
     */
    public boolean send(ProtocolMessage message) {
        return outbound.send(message, codec.encode(message));
    }

    /** {@link #send(ProtocolMessage)} of a message already encoded: a broadcast encodes once for all its peers. */
    boolean send(ProtocolMessage message, String text) {
        return outbound.send(message, text);
    }

    /** A frame of the channel's handshake, sent as it is. */
    void sendHandshakeFrame(byte[] frame) {
        outbound.sendHandshakeFrame(frame);
    }

    /** See {@link PeerOutbound#hasRoomForAnswer}. */
    boolean hasRoomForAnswer() {
        return outbound.hasRoomForAnswer();
    }

    /** Closes with a normal close; nothing the peer sends afterwards is looked at. */
    void close(String reason) {
        close(Link.NORMAL_CLOSE, reason);
    }

    /**
     * Closes with a WebSocket close code ({@link SecureChannel#NOT_A_MEMBER}, {@link Link#GOING_AWAY}, ...): sends a
     * close frame; {@link P2pLimits#CLOSE_GRACE} later the socket is closed whatever the peer did, so a peer
     * that does not read cannot hold the connection (and what is queued for it) open.
     */
    void close(int code, String reason) {
        state = State.CLOSING;
        if (link.isOpen()) {
            link.close(code, truncate(reason));
            // whatever the connection says: it counts as closed once its close frame is queued, which is exactly
            // when a peer that does not read would keep it (closing a closed socket does nothing)
            shared.scheduler().schedule(link::abort, P2pLimits.CLOSE_GRACE);
        }
    }

    /** Closes the socket now, without a close frame: what is queued for the peer is dropped and released. */
    void abort() {
        state = State.CLOSING;
        link.abort();
    }

    /** Close reasons are limited to 123 bytes by RFC 6455. */
    private static String truncate(String reason) {
        return reason.length() > 100 ? reason.substring(0, 100) : reason;
    }

    /** What we asked of this peer and wait for. */
    PeerRequests requests() {
        return requests;
    }

    /** The PING in flight and the measured round trips. */
    RoundTrips roundTrips() {
        return roundTrips;
    }

    /**
     * True when a PING has been unanswered for longer than {@code timeout}. Not while the peer's inbox waits for it to
     * read our answers: the PING is queued behind them, so its silence says nothing the not-reading timeout does not
     * judge already, and sooner.
     */
    boolean pingOverdue(long nowNanos, Duration timeout) {
        return roundTrips.overdue(nowNanos, timeout) && !inbox.waitingForPeerToRead();
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
        return link.id();
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
        return state == State.READY && link.isOpen();
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
        return roundTrips.millis();
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
