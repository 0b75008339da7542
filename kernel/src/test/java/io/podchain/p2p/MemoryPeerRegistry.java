package io.podchain.p2p;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The peer registry in memory: the last row saved per key, what a reconnect and the handshake read back (and what
 * a simulated node's database keeps across a crash).
 */
public final class MemoryPeerRegistry implements PeerRegistry {
    public final Map<String, PeerRecord> rows = new ConcurrentHashMap<>();

    @Override
    public void save(PeerRecord peer) {
        rows.put(peer.nodeKey(), peer);
    }

    @Override
    public void markAllOffline(Instant now) {
        rows.replaceAll((key, row) -> "ONLINE".equals(row.status()) ? new PeerRecord(row.nodeKey(), row.address(),
                row.direction(), "OFFLINE", row.rttMillis(), row.claimedHeight(), row.claimedWork(),
                row.verifiedHeight(), row.verifiedWork(), row.misbehaviour(), row.bannedUntil(), now, row.lastSeen())
                : row);
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
