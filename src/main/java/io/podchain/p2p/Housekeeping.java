package io.podchain.p2p;

import io.podchain.store.ChainStore;
import io.podchain.store.ChainSummary;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * The network's clock, every second: dial what is due, close handshakes that took too long, measure round trips
 * ({@link P2pLimits#PING_INTERVAL}), tell every peer our tip and latencies ({@link P2pLimits#STATUS_INTERVAL}), and
 * tick sync (which liveness watches).
 */
@ApplicationScoped
class Housekeeping {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Housekeeping.class);
    private final SecureRandom random = new SecureRandom();
    private volatile Instant lastPing = Instant.EPOCH;
    private volatile Instant lastStatus = Instant.EPOCH;

    @Inject
    Clock clock;
    @Inject
    ChainStore chain;
    @Inject
    ConnectedPeers connected;
    @Inject
    Dialer dialer;
    @Inject
    PeerManager peers;
    @Inject
    ChainFollower sync;
    @Inject
    MessageInventory messages;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (peers.isShuttingDown()) {
            return;
        }
        Instant now = clock.instant();
        dialer.dialAll();
        long nowNanos = System.nanoTime();
        for (Peer peer : connected.all()) {
            if (!peer.completedHandshake() && !peer.isClosing()
                    && peer.connectedAt().plus(P2pLimits.HANDSHAKE_TIMEOUT).isBefore(now)) {
                peers.reject(peer, RejectCode.HANDSHAKE_TIMEOUT, "no proven handshake within "
                        + P2pLimits.HANDSHAKE_TIMEOUT);
            } else if (peer.isReady() && peer.pingOverdue(nowNanos, P2pLimits.PING_TIMEOUT)) {
                // a partition or a frozen peer: worth a line, it explains the gap that follows
                LOG.infof("Disconnecting %s: no PONG within %d s", peer, P2pLimits.PING_TIMEOUT.toSeconds());
                peers.reject(peer, RejectCode.PING_TIMEOUT, "no PONG within " + P2pLimits.PING_TIMEOUT);
            }
        }
        connected.ready().forEach(peer -> messages.expireRequests(peer, nowNanos));
        if (lastPing.plus(P2pLimits.PING_INTERVAL).isBefore(now)) {
            lastPing = now;
            connected.ready().forEach(this::ping);
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

    /** Pings unless the last PING is still unanswered (that one's age is what {@link P2pLimits#PING_TIMEOUT} judges). */
    void ping(Peer peer) {
        long nonce = random.nextLong();
        if (peer.startPing(nonce, System.nanoTime())) {
            peer.send(new ProtocolMessage.Ping(nonce));
        }
    }
}
