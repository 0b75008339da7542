package io.podchain.p2p;

import io.podchain.chain.Hash;
import io.podchain.chain.PublicKey;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.Connection;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/** One WebSocket connection to another node, from either side, and what we know and measured about it. */
public final class Peer {
    private static final Logger LOG = Logger.getLogger(Peer.class);

    public enum Direction {
        INBOUND, OUTBOUND
    }

    private final Connection connection;
    private final Direction direction;
    private final ProtocolCodec codec;
    private final Instant connectedAt;
    private final RateLimiter rateLimiter = new RateLimiter(P2pLimits.RATE_LIMIT_PER_SECOND, P2pLimits.RATE_LIMIT_BURST);
    private final String remoteHost;
    private volatile String address;
    private volatile PublicKey nodeKey;
    private volatile boolean ready;
    private volatile long height;
    private volatile BigInteger cumulativeWork = BigInteger.ZERO;
    private volatile Hash tip;
    private volatile double rttMillis = Double.NaN;
    private volatile long pingNonce;
    private volatile long pingSentNanos;
    private volatile Map<String, Double> reportedLatencies = Map.of();
    private int misbehaviour;
    private final java.util.Queue<Runnable> inbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();

    Peer(Connection connection, Direction direction, String address, ProtocolCodec codec, Instant now) {
        this.connection = connection;
        this.direction = direction;
        this.address = address;
        this.remoteHost = hostOf(address);
        this.codec = codec;
        this.connectedAt = now;
    }

    /**
     * Runs {@code task} on {@code executor} after every task submitted before it, one at a time: the protocol is
     * ordered (HELLO before anything else), while the WebSocket layer hands messages over on the event loop, where
     * nothing may block.
     */
    void submit(Runnable task, java.util.concurrent.Executor executor) {
        inbox.add(task);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            for (Runnable task; (task = inbox.poll()) != null; ) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "handling a message from %s failed", this);
                }
            }
            draining.set(false);
            if (inbox.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Sends without waiting; a failure means the connection is going away, which onClose handles. */
    public void send(ProtocolMessage message) {
        if (connection.isOpen()) {
            connection.sendText(codec.encode(message)).subscribe().with(ok -> {
            }, failure -> LOG.debugf("send to %s failed: %s", this, failure.getMessage()));
        }
    }

    void close(String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(CloseReason.NORMAL.getCode(), truncate(reason))).subscribe().with(
                    ok -> {
                    }, failure -> LOG.debugf("close of %s failed: %s", this, failure.getMessage()));
        }
    }

    /** Close reasons are limited to 123 bytes by RFC 6455. */
    private static String truncate(String reason) {
        return reason.length() > 100 ? reason.substring(0, 100) : reason;
    }

    void startPing(long nonce, long nanos) {
        pingNonce = nonce;
        pingSentNanos = nanos;
    }

    /** Folds a PONG into the moving average; false when it answers no PING of ours. */
    boolean completePing(long nonce, long nanos) {
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

    void markReady(PublicKey key, String advertisedAddress) {
        nodeKey = key;
        if (direction == Direction.INBOUND && advertisedAddress != null) {
            address = advertisedAddress;
        }
        ready = true;
    }

    void updateTip(long newHeight, Hash newTip, BigInteger work) {
        height = newHeight;
        tip = newTip;
        cumulativeWork = work;
    }

    boolean tryAcquire(long nanos) {
        return rateLimiter.tryAcquire(nanos);
    }

    void reportLatencies(Map<String, Double> latencies) {
        reportedLatencies = Map.copyOf(latencies);
    }

    static String hostOf(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** The IP address the connection comes from (inbound) or goes to (outbound): what bans hold on to. */
    public String remoteHost() {
        return remoteHost;
    }

    public String connectionId() {
        return connection.id();
    }

    public Direction direction() {
        return direction;
    }

    public String address() {
        return address;
    }

    public PublicKey nodeKey() {
        return nodeKey;
    }

    /** True once HELLO was exchanged, even after the connection closed. */
    public boolean completedHandshake() {
        return ready;
    }

    public boolean isReady() {
        return ready && connection.isOpen();
    }

    public long height() {
        return height;
    }

    public BigInteger cumulativeWork() {
        return cumulativeWork;
    }

    public Hash tip() {
        return tip;
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
