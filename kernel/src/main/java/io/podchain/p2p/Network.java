package io.podchain.p2p;

import io.micrometer.core.instrument.MeterRegistry;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.MessagesAccepted;
import io.podchain.ledger.TipBlockValidated;
import java.time.Clock;

/**
 * One node's network protocol, assembled from its ports: the one place where the kernel's parts are wired, for the
 * node (which implements the ports with WebSockets Next, its worker pool and PostgreSQL) and for the simulator (in
 * memory, on virtual time) alike. What the transport sees is {@link #connections()}; what the node's chain and pool
 * tell the protocol goes through {@link #tipBlockValidated}, {@link #tipChanged} and {@link #messagesAccepted}.
 */
public final class Network {
    /**
     * What the protocol runs on.
     *
     * @param chain     our chain: summaries, pages, headers, the one path by which a peer's block is stored
     * @param messages  our pending and stored messages
     * @param registry  the peers' rows, kept across connections and restarts
     * @param key       the key the handshake proves
     * @param follower  makes whoever follows the network's chain (sync) from the connections and the discipline
     * @param scheduler the node's time, workers and random source
     * @param clock     the node's wall clock (bans, the handshake's time limit, rows)
     * @param transport how the dialler opens connections
     * @param meters    where the network's meters are registered
     * @param httpHost  the host this node listens on (advertised unless {@link P2pConfig#advertisedAddress})
     * @param httpPort  the port it listens on
     */
    public record Ports(ChainParams params, BlockValidator validator, LocalChain chain, LocalMessages messages,
            PeerRegistry registry, NodeKey key, Follower follower, Scheduler scheduler, Clock clock,
            P2pConfig config, Transport transport, MeterRegistry meters, String httpHost, int httpPort) {
    }

    /** Makes the chain follower, which reads the connections and penalises through the discipline. */
    @FunctionalInterface
    public interface Follower {
        ChainFollower create(ConnectedPeers connected, PeerDiscipline discipline);
    }

    private final ConnectedPeers connected = new ConnectedPeers();
    private final ChainFollower follower;
    private final TrafficBudget budget = new TrafficBudget();
    private final Bans bans;
    private final PeerDiscipline discipline;
    private final Membership membership;
    private final Admission admission;
    private final Relay relay;
    private final MessageInventory inventory;
    private final MessageRouter router;
    private final PeerManager peers;

    public Network(Ports ports) {
        Clock clock = ports.clock();
        bans = new Bans(clock);
        P2pMetrics metrics = new P2pMetrics(ports.meters(), clock);
        discipline = new PeerDiscipline(connected, bans, ports.registry(), clock, metrics);
        follower = ports.follower().create(connected, discipline);
        membership = new Membership(ports.config());
        admission = new Admission(connected, bans, ports.config());
        Dialer dialer = new Dialer(ports.config(), clock, bans, connected, ports.transport(), ports.scheduler(),
                ports.httpHost(), ports.httpPort());
        inventory = new MessageInventory(ports.messages(), connected, discipline, metrics, ports.scheduler());
        Handshake handshake = new Handshake(ports.chain(), ports.params(), ports.key(), ports.registry(), bans, clock,
                discipline, dialer, connected, ports.config(), follower, inventory);
        relay = new Relay(ports.chain(), connected, follower, metrics, discipline, ports.validator());
        ChainServer server = new ChainServer(ports.chain());
        Housekeeping housekeeping = new Housekeeping(clock, ports.chain(), connected, dialer, discipline,
                follower, inventory, ports.scheduler());
        router = new MessageRouter(connected, ports.config(), handshake, housekeeping, relay, inventory, server,
                follower, discipline, ports.scheduler());
        peers = new PeerManager(connected, admission, dialer, ports.config(), clock, ports.registry(), bans, router,
                follower, ports.scheduler(), metrics, budget, membership, discipline, housekeeping);
    }

    /** The connections' manager: what the transport reports to, and what discovery hands addresses to. */
    public PeerManager connections() {
        return peers;
    }

    public ConnectedPeers connected() {
        return connected;
    }

    public PeerDiscipline discipline() {
        return discipline;
    }

    public Admission admission() {
        return admission;
    }

    public Membership membership() {
        return membership;
    }

    /** The chain follower {@link Ports#follower} made. */
    public ChainFollower follower() {
        return follower;
    }

    public TrafficBudget budget() {
        return budget;
    }

    /** A block about to become our tip is valid: announced before it is written. */
    public void tipBlockValidated(TipBlockValidated validated) {
        relay.onTipBlockValidated(validated);
    }

    /** Our tip moved (after the commit). */
    public void tipChanged(ChainTipChanged change) {
        relay.onTipChanged(change);
    }

    /** Messages new to us entered our pool (after the commit). */
    public void messagesAccepted(MessagesAccepted accepted) {
        inventory.onAccepted(accepted);
    }

    /** The message types a proven peer's messages are routed by. */
    MessageRouter router() {
        return router;
    }
}
