package io.podchain.p2p;

import io.podchain.log.LogSafe;
import io.podchain.noise.NoiseHandshake;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The life of every connection, inbound and outbound, as the transport reports it ({@link ConnectionEvents}):
 * admitted or opened with its channel, closed, and every peer told "going away" when the node stops. What a
 * connection receives is the {@link MessageRouter}'s; dialling is the {@link Dialer}'s, the connections are
 * {@link ConnectedPeers}, penalties and bans are {@link PeerDiscipline}'s.
 */
public class PeerManager implements ConnectionEvents {
    private static final Logger LOG = Logger.getLogger(PeerManager.class);

    private final ProtocolCodec codec = new ProtocolCodec();
    /** Guards the count-then-add of an inbound connection against the limits (see {@link #accepted}). */
    private final Object admission = new Object();

    private final ConnectedPeers connected;
    private final Admission admissionCheck;
    private final Dialer dialer;
    private final P2pConfig config;
    private final Clock clock;
    private final PeerRegistry registry;
    private final Bans bans;
    private final MessageRouter router;
    private final ChainFollower sync;
    private final Scheduler scheduler;
    private final P2pMetrics metrics;
    private final TrafficBudget budget;
    private final Membership membership;
    private final PeerDiscipline discipline;
    private final Housekeeping housekeeping;
    private volatile PeerShared shared;

    PeerManager(ConnectedPeers connected, Admission admissionCheck, Dialer dialer, P2pConfig config, Clock clock,
            PeerRegistry registry, Bans bans, MessageRouter router, ChainFollower sync, Scheduler scheduler,
            P2pMetrics metrics, TrafficBudget budget, Membership membership, PeerDiscipline discipline,
            Housekeeping housekeeping) {
        this.housekeeping = housekeeping;
        this.connected = connected;
        this.admissionCheck = admissionCheck;
        this.dialer = dialer;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.bans = bans;
        this.router = router;
        this.sync = sync;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.budget = budget;
        this.membership = membership;
        this.discipline = discipline;
    }

    /** Once the node runs: no peer is online yet, the registry's bans hold, dialling and the ticks begin. */
    public void start() {
        shared = new PeerShared(codec, budget, scheduler);
        registry.markAllOffline(clock.instant());
        bans.load(registry);
        membership.logAtStart();
        dialer.start(this);
        metrics.peersFrom(() -> connected.ready().size());
        metrics.budget(budget);
        housekeeping.start();
    }

    /**
     * The node is stopping: every peer gets a going-away close, and nothing peers send afterwards is handled. The
     * node calls it as its shutdown begins, before its server closes connections on its own.
     */
    public synchronized void goAway() {
        if (connected.isShuttingDown()) {
            return;
        }
        connected.shutDown();
        LOG.infof("Shutting down: closing %d peer connections (going away)", connected.all().size());
        for (Peer peer : connected.all()) {
            peer.close(Link.GOING_AWAY, "shutting down");
        }
    }

    /** Addresses to keep connections to (from discovery). Ours and banned ones are skipped when dialling. */
    public void addAddresses(Collection<String> addresses) {
        dialer.add(addresses);
    }

    /** Addresses that vanished from discovery are no longer dialled; open connections stay until they close. */
    public void retainAddresses(Collection<String> current, Collection<String> staticAddresses) {
        dialer.retain(current, staticAddresses);
    }

    public List<Peer> readyPeers() {
        return connected.ready();
    }

    // ---- connections ----

    /** On the event loop: registers the peer at once, so no message can arrive before it is known. */
    @Override
    public void opened(Link link, String address) {
        Peer peer = new Peer(link, Peer.Direction.OUTBOUND, address, Peer.hostOf(address),
                channel(NoiseHandshake.Role.INITIATOR), shared, clock.instant());
        connected.add(peer);
        if (connected.isShuttingDown()) {
            peer.close(Link.GOING_AWAY, "shutting down");
            return;
        }
        peer.sendHandshakeFrame(peer.channel().firstFrame());
    }

    private SecureChannel channel(NoiseHandshake.Role role) {
        return SecureChannel.of(role, membership.presharedKey(), P2pLimits.MIN_PROTOCOL_VERSION,
                config.maxProtocolVersion(), scheduler.random());
    }

    /**
     * A connection {@link P2pAdmission} let through. Its checks are made again here with the count and the add as
     * one step: connections open on several event-loop threads at once, and two that both counted before either
     * was added would both be let in past the limits. A full table of unproven connections makes room by evicting
     * one ({@link ConnectedPeers#evictionCandidate}).
     */
    @Override
    public void accepted(Link link, String remoteAddress) {
        String ip = Peer.hostOf(remoteAddress);
        Peer peer = new Peer(link, Peer.Direction.INBOUND, remoteAddress, ip,
                channel(NoiseHandshake.Role.RESPONDER), shared, clock.instant());
        Optional<Admission.Refusal> refusal;
        Optional<Peer> evicted = Optional.empty();
        synchronized (admission) {
            refusal = admissionCheck.refusal(ip);
            if (refusal.isEmpty() && connected.unproven() >= P2pLimits.MAX_UNPROVEN) {
                evicted = connected.evictionCandidate();
                evicted.ifPresent(Peer::abort);
            }
            connected.add(peer);
        }
        evicted.ifPresent(old -> LOG.debugf("Evicted unproven %s to make room for %s", old, peer));
        if (connected.isShuttingDown()) {
            peer.close(Link.GOING_AWAY, "shutting down");
        } else if (refusal.isPresent()) {
            discipline.reject(peer, refusal.get().code(), switch (refusal.get().code()) {
                case BANNED -> "banned until " + bans.ipBannedUntil(ip).orElse(clock.instant());
                case TOO_MANY_FROM_IP -> "this node accepts " + P2pLimits.MAX_UNPROVEN_PER_IP + " handshakes and "
                        + P2pLimits.MAX_INBOUND_PER_IP + " connections from one address";
                default -> "this node accepts " + config.maxInbound() + " peers";
            });
        }
        // the dialler speaks first: its channel handshake, then its HELLO
    }

    @Override
    public void closed(Link link) {
        Peer peer = connected.remove(link.id());
        if (peer == null || connected.isShuttingDown()) {
            return;
        }
        Link.Closed reason = link.closed();
        if (reason != null && !peer.isClosing() && (reason.code() == SecureChannel.NOT_A_MEMBER
                || reason.code() == SecureChannel.NO_COMMON_VERSION)) {
            // the other side refused our channel: the operator reads why (another cluster secret, another version)
            discipline.note(peer, "%s refused this node: %s", peer, LogSafe.of(reason.reason()));
            if (peer.direction() == Peer.Direction.OUTBOUND) {
                // a failed dial like any other: redialled with backoff, not at every tick (each attempt costs both
                // sides a channel handshake and a line of the log's share for that address)
                dialer.backOff(peer.address(), null);
            }
        }
        if (reason != null && reason.code() == Link.GOING_AWAY && peer.completedHandshake()) {
            // inbound peers too: discovery would otherwise dial the address it listens on at once (only proven
            // peers: an unproven one's address is not one we dial, and must not fill the dialler's tables)
            dialer.goingAway(peer.address());
        }
        peer.submit(() -> {
            if (reason != null && reason.code() == Link.GOING_AWAY) {
                // a peer shutting down (rolling update, scale-down) says so: expected, and worth a line in the log
                LOG.infof("Peer %s is going away: %s", peer, LogSafe.of(reason.reason()));
            } else {
                LOG.debugf("Disconnected %s (%s)", peer, reason == null ? "no close frame" : reason.code());
            }
            // a duplicate that was dropped leaves the node connected through the other connection: its row stays
            if (peer.completedHandshake() && connected.readyWithKey(peer.nodeKey(), peer).isEmpty()) {
                discipline.save(peer, bans.keyBannedUntil(peer.nodeKey().toHex()).isPresent() ? "BANNED" : "OFFLINE");
            }
            sync.peerGone(peer);
        });
    }

    /** A connection failed (reset by a peer that vanished): its close follows; nothing else to do. */
    @Override
    public void failed(Link link, Throwable failure) {
        LOG.debugf("Connection %s failed: %s", link.id(), failure.toString());
    }

    // ---- frames: the router's ----

    @Override
    public void received(Link link, byte[] frame) {
        router.received(link, frame);
    }

    @Override
    public void receivedText(Link link, String text) {
        router.receivedText(link, text);
    }

    /** Our measured round trips, by peer node key (peers not yet measured are left out). */
    public Map<String, Double> latencies() {
        return connected.latencies();
    }
}
