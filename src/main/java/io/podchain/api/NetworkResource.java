package io.podchain.api;

import io.podchain.node.NodeIdentity;
import io.podchain.p2p.Peer;
import io.podchain.p2p.PeerManager;
import io.podchain.store.PeerStore;
import io.podchain.sync.SyncService;
import jakarta.ws.rs.GET;
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
    private final SyncService sync;
    private final NodeIdentity identity;

    NetworkResource(PeerStore registry, PeerManager peers, SyncService sync, NodeIdentity identity) {
        this.registry = registry;
        this.peers = peers;
        this.sync = sync;
        this.identity = identity;
    }

    public record Edge(String from, String to, double latencyMillis) {
    }

    public record Graph(String self, List<String> nodes, List<Edge> edges) {
    }

    @GET
    @Path("/peers")
    public List<PeerStore.PeerRecord> peers() {
        return registry.all();
    }

    @GET
    @Path("/sync")
    public SyncService.Status sync() {
        return sync.status();
    }

    /** Nodes and edges as measured here and as reported by each peer in its STATUS messages. */
    @GET
    @Path("/network")
    public Graph network() {
        String self = identity.publicKey().toHex();
        Set<String> nodes = new LinkedHashSet<>(List.of(self));
        List<Edge> edges = new ArrayList<>();
        peers.latencies().forEach((key, rtt) -> edges.add(new Edge(self, key, rtt)));
        for (Peer peer : peers.readyPeers()) {
            String from = peer.nodeKey().toHex();
            nodes.add(from);
            for (Map.Entry<String, Double> reported : peer.reportedLatencies().entrySet()) {
                nodes.add(reported.getKey());
                edges.add(new Edge(from, reported.getKey(), reported.getValue()));
            }
        }
        return new Graph(self, List.copyOf(nodes), edges);
    }
}
