package io.podchain.p2p;

import io.podchain.chain.PublicKey;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every open connection, by connection id, proven or not yet. */
public class ConnectedPeers {
    private final Map<String, Peer> byConnection = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    /** From the start of a shutdown on, every connection is closing and nothing peers send is handled. */
    void shutDown() {
        shuttingDown = true;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    void add(Peer peer) {
        byConnection.put(peer.connectionId(), peer);
    }

    Peer remove(String connectionId) {
        return byConnection.remove(connectionId);
    }

    Peer get(String connectionId) {
        return byConnection.get(connectionId);
    }

    Collection<Peer> all() {
        return byConnection.values();
    }

    /** The peers that proved their key and are still connected. */
    public List<Peer> ready() {
        return byConnection.values().stream().filter(Peer::isReady).toList();
    }

    /** Connected, or connecting, to the node at {@code address}: by the address we dialled or the one it listens on. */
    boolean isConnectedTo(String address) {
        return byConnection.values().stream().anyMatch(p -> !p.isClosing() && address.equals(p.address()));
    }

    /** Connections in {@code direction} that count against the limits: those we are closing no longer do. */
    long count(Peer.Direction direction) {
        return byConnection.values().stream().filter(p -> p.direction() == direction && !p.isClosing()).count();
    }

    /** Inbound peers that proved their key: these hold the {@link P2pConfig#maxInbound} slots. */
    long provenInbound() {
        return inbound().filter(Peer::completedHandshake).count();
    }

    long inboundFrom(String ip) {
        return inbound().filter(p -> p.remoteHost().equals(ip)).count();
    }

    /** Inbound connections still in their handshake. */
    long unproven() {
        return inbound().filter(p -> !p.completedHandshake()).count();
    }

    long unprovenFrom(String ip) {
        return inbound().filter(p -> !p.completedHandshake() && p.remoteHost().equals(ip)).count();
    }

    /**
     * The unproven connection to make room with when {@link P2pLimits#MAX_UNPROVEN} are open: the oldest of the
     * address that holds the most, so one address (or a few) cannot keep the table full against newcomers.
     */
    Optional<Peer> evictionCandidate() {
        Map<String, List<Peer>> byIp = inbound().filter(p -> !p.completedHandshake())
                .collect(Collectors.groupingBy(Peer::remoteHost));
        return byIp.values().stream()
                .max(Comparator.<List<Peer>>comparingInt(List::size)
                        .thenComparing(peers -> oldest(peers).connectedAt(), Comparator.reverseOrder()))
                .map(ConnectedPeers::oldest);
    }

    private static Peer oldest(List<Peer> peers) {
        return peers.stream().min(Comparator.comparing(Peer::connectedAt)).orElseThrow();
    }

    private Stream<Peer> inbound() {
        return byConnection.values().stream().filter(p -> p.direction() == Peer.Direction.INBOUND && !p.isClosing());
    }

    /** Another ready connection to the node with {@code key}. */
    Optional<Peer> readyWithKey(PublicKey key, Peer except) {
        return byConnection.values().stream().filter(p -> p != except && p.isReady() && key.equals(p.nodeKey()))
                .findFirst();
    }

    /** Our measured round trips, by peer node key (peers not yet measured are left out). */
    Map<String, Double> latencies() {
        Map<String, Double> latencies = new HashMap<>();
        for (Peer peer : ready()) {
            if (!Double.isNaN(peer.rttMillis())) {
                latencies.put(peer.nodeKey().toHex(), peer.rttMillis());
            }
        }
        return latencies;
    }
}
