package io.podchain.p2p;

import io.podchain.chain.Hash;
import io.podchain.ledger.ChainSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The network's clock, every second: dial what is due, close handshakes that took too long, measure round trips
 * ({@link P2pLimits#PING_INTERVAL}), tell every peer our tip and latencies ({@link P2pLimits#STATUS_INTERVAL}), and
 * tick sync (which liveness watches). Each tick is scheduled when the last has finished, so ticks never overlap and a
 * slow one delays the next rather than piling up.
 */
class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    /** How often the network's clock ticks. */
    static final Duration TICK = Duration.ofSeconds(1);
    private volatile Instant lastPing = Instant.EPOCH;
    private volatile Instant lastStatus = Instant.EPOCH;

    private final Clock clock;
    private final LocalChain chain;
    private final ConnectedPeers connected;
    private final Dialer dialer;
    private final PeerDiscipline discipline;
    private final ChainFollower sync;
    private final MessageInventory messages;
    private final Scheduler scheduler;

    Housekeeping(Clock clock, LocalChain chain, ConnectedPeers connected, Dialer dialer, PeerDiscipline discipline,
            ChainFollower sync, MessageInventory messages, Scheduler scheduler) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.chain = chain;
        this.connected = connected;
        this.dialer = dialer;
        this.discipline = discipline;
        this.sync = sync;
        this.messages = messages;
    }

    /** Starts the ticks, once the node runs; they end with its shutdown. */
    void start() {
        scheduler.schedule(this::tickThenSchedule, TICK);
    }

    private void tickThenSchedule() {
        if (connected.isShuttingDown()) {
            return;
        }
        try {
            tick();
        } catch (RuntimeException e) {
            // our side failed (the database, most likely): the next tick tries again
            LOG.warnf("The network's tick failed: %s", e.toString());
        } finally {
            scheduler.schedule(this::tickThenSchedule, TICK);
        }
    }

    void tick() {
        if (connected.isShuttingDown()) {
            return;
        }
        Instant now = clock.instant();
        dialer.dialAll();
        long nowNanos = scheduler.nanoTime();
        for (Peer peer : connected.all()) {
            if (!peer.completedHandshake() && !peer.isClosing()
                    && peer.connectedAt().plus(P2pLimits.HANDSHAKE_TIMEOUT).isBefore(now)) {
                discipline.reject(peer, RejectCode.HANDSHAKE_TIMEOUT, "no proven handshake within "
                        + P2pLimits.HANDSHAKE_TIMEOUT);
            } else if (peer.isReady() && peer.pingOverdue(nowNanos, P2pLimits.PING_TIMEOUT)) {
                // a partition or a frozen peer: worth a line, it explains the gap that follows
                LOG.infof("Disconnecting %s: no PONG within %d s", peer, P2pLimits.PING_TIMEOUT.toSeconds());
                discipline.reject(peer, RejectCode.PING_TIMEOUT, "no PONG within " + P2pLimits.PING_TIMEOUT);
            }
        }
        connected.ready().forEach(peer -> messages.expireRequests(peer, nowNanos));
        if (lastPing.plus(P2pLimits.PING_INTERVAL).isBefore(now)) {
            lastPing = now;
            connected.ready().forEach(Housekeeping::ping);
        }
        if (lastStatus.plus(P2pLimits.STATUS_INTERVAL).isBefore(now)) {
            lastStatus = now;
            ChainSummary summary = chain.summary();
            ProtocolMessage status = new ProtocolMessage.Status(summary.height(), summary.tip().hash().toHex(),
                    summary.cumulativeWork().toString(), connected.latencies());
            connected.ready().forEach(p -> p.send(status));
        }
        sync.tick();
    }

    /** PING: answered at once (a round trip measures the network and the peer, not a queue). */
    void onPing(Peer peer, ProtocolMessage.Ping ping) {
        peer.send(new ProtocolMessage.Pong(ping.nonce()));
    }

    /** PONG, handled in order with the peer's other messages. */
    void onPong(Peer peer, ProtocolMessage.Pong pong) {
        if (peer.roundTrips().complete(pong.nonce(), peer.scheduler().nanoTime())) {
            online(peer);
        }
    }

    /** A peer that answered a PING is online: its row says so, and sync may look at it again. */
    void online(Peer peer) {
        discipline.save(peer, "ONLINE");
        sync.consider();
    }

    /** STATUS: the peer's claimed tip (a hint to ask for headers, never believed) and its measured latencies. */
    void onStatus(Peer peer, ProtocolMessage.Status status) {
        peer.claim(new Peer.ChainPosition(status.height(), Hash.fromHex(status.tipHash()),
                ProtocolCodec.work(status.cumulativeWork())));
        peer.reportLatencies(status.latencies());
        sync.consider();
    }

    /** Pings unless the last PING is still unanswered (that one's age is what {@link P2pLimits#PING_TIMEOUT} judges). */
    static void ping(Peer peer) {
        long nonce = peer.scheduler().random().nextLong();
        if (peer.roundTrips().start(nonce, peer.scheduler().nanoTime())) {
            peer.send(new ProtocolMessage.Ping(nonce));
        }
    }
}
