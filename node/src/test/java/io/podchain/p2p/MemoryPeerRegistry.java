package io.podchain.p2p;

import io.podchain.p2p.registry.PeerStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The peer registry in memory: the last row saved per key, what a reconnect and the handshake read back. */
final class MemoryPeerRegistry extends PeerStore {
    final Map<String, PeerRecord> rows = new ConcurrentHashMap<>();

    @Override
    public void save(PeerRecord peer) {
        rows.put(peer.nodeKey(), peer);
    }

    @Override
    public List<PeerRecord> all() {
        return List.copyOf(rows.values());
    }

    @Override
    public Optional<Standing> standing(String nodeKey) {
        return Optional.ofNullable(rows.get(nodeKey)).map(r -> new Standing(r.misbehaviour(), r.bannedUntil()));
    }

    @Override
    public Map<String, Instant> bans(Instant now) {
        return rows.values().stream().filter(r -> r.bannedUntil() != null && r.bannedUntil().isAfter(now))
                .collect(Collectors.toMap(PeerRecord::nodeKey, PeerRecord::bannedUntil));
    }
}
