package io.podchain.api;

import io.podchain.identity.NodeIdentity;
import io.podchain.p2p.Peer;
import io.podchain.p2p.PeerDiscipline;
import io.podchain.p2p.PeerManager;
import io.podchain.network.registry.PeerStore;
import io.podchain.sync.SyncService;
import io.podchain.sync.SyncState;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.ws.rs.GET;
import java.util.HashMap;
import java.util.HashSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.health.HealthCheckResponse;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The peer registry, the sync state and the network as a latency-weighted graph. */
@Path("/api")
public class NetworkResource {
    private final PeerStore registry;
    private final PeerManager peers;
    private final PeerDiscipline discipline;
    private final SyncService sync;
    private final NodeIdentity identity;
    private final SmallRyeHealthReporter health;

    NetworkResource(PeerStore registry, PeerManager peers, PeerDiscipline discipline, SyncService sync,
            NodeIdentity identity, SmallRyeHealthReporter health) {
        this.registry = registry;
        this.peers = peers;
        this.discipline = discipline;
        this.sync = sync;
        this.identity = identity;
        this.health = health;
    }

    /** The sync state, and whether the node is ready (the readiness probe's answer, all checks). */
    public record SyncView(SyncState state, String syncPeer, Long targetHeight, String targetWork, long height,
            long bestPeerHeight, int peers, List<String> failedPeers, boolean ready) {
        static SyncView of(SyncService.Status status, boolean ready) {
            return new SyncView(status.state(), status.syncPeer(), status.targetHeight(), status.targetWork(),
                    status.height(), status.bestPeerHeight(), status.peers(), status.failedPeers(), ready);
        }
    }

    /**
     * A connection and its round trip; {@code measured} when this node measured it, otherwise it is what a peer
     * reported in its STATUS (at most 64 entries a peer, unverified: shown as reported, never used for a decision).
     */
    public record Edge(String from, String to, double latencyMillis, boolean measured) {
    }

    public record Graph(String self, List<String> nodes, List<Edge> edges) {
    }

    /** Every peer in the registry; those connected now with their current claims, proofs and round trip. */
    @GET
    @ApplyGuard(ApiGuard.READS)
    @Path("/peers")
    public List<PeerStore.PeerRecord> peers() {
        Map<String, Peer> live = new HashMap<>();
        peers.readyPeers().forEach(p -> live.put(p.nodeKey().toHex(), p));
        List<PeerStore.PeerRecord> rows = registry.all();
        Set<String> known = new HashSet<>();
        rows.forEach(r -> known.add(r.nodeKey()));
        // connected keys without a row yet (it is written once they prove useful or stay): shown from memory
        Stream<PeerStore.PeerRecord> unrecorded = live.values().stream()
                .filter(p -> !known.contains(p.nodeKey().toHex())).map(p -> discipline.record(p, "ONLINE"));
        return Stream.concat(unrecorded, rows.stream().map(r -> {
            Peer peer = live.get(r.nodeKey());
            if (peer == null) {
                return r;
            }
            // no round trip measured yet (NaN): the registry's, which may be none either
            Double rtt = Double.isNaN(peer.rttMillis()) ? r.rttMillis() : Double.valueOf(peer.rttMillis());
            return new PeerStore.PeerRecord(r.nodeKey(), r.address(), r.direction(), r.status(),
                    rtt, peer.claimed().height(), peer.claimed().work(),
                    peer.verified().height(), peer.verified().work(), r.misbehaviour(), r.bannedUntil(),
                    r.lastChanged(), r.lastSeen());
        })).toList();
    }

    @GET
    @ApplyGuard(ApiGuard.READS)
    @Path("/sync")
    public SyncView sync() {
        return sync(health.getReadiness());
    }

    /** The same, with a readiness answer the caller already has (its checks read the database). */
    SyncView sync(SmallRyeHealth readiness) {
        return SyncView.of(sync.status(), readiness.getStatus() == HealthCheckResponse.Status.UP);
    }

    /** Nodes and edges as measured here and as reported by each peer in its STATUS messages. */
    @GET
    @ApplyGuard(ApiGuard.READS)
    @Path("/network")
    public Graph network() {
        String self = identity.publicKey().toHex();
        Set<String> nodes = new LinkedHashSet<>(List.of(self));
        List<Edge> edges = new ArrayList<>();
        peers.latencies().forEach((key, rtt) -> edges.add(new Edge(self, key, rtt, true)));
        for (Peer peer : peers.readyPeers()) {
            String from = peer.nodeKey().toHex();
            nodes.add(from);
            for (Map.Entry<String, Double> reported : peer.reportedLatencies().entrySet()) {
                nodes.add(reported.getKey());
                edges.add(new Edge(from, reported.getKey(), reported.getValue(), false));
            }
        }
        return new Graph(self, List.copyOf(nodes), edges);
    }
}
