package io.podchain.sim;

import io.podchain.p2p.PeerRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A simulated node's peer table, what its database holds (it survives a crash): the last row saved per key. */
final class SimRegistry implements PeerRegistry {
    final Map<String, PeerRecord> rows = new TreeMap<>();

    @Override
    public void save(PeerRecord peer) {
        rows.put(peer.nodeKey(), peer);
    }

    @Override
    public Optional<Standing> standing(String nodeKey) {
        return Optional.ofNullable(rows.get(nodeKey)).map(r -> new Standing(r.misbehaviour(), r.bannedUntil()));
    }

    @Override
    public Map<String, Instant> bans(Instant now) {
        Map<String, Instant> bans = new TreeMap<>();
        rows.values().stream().filter(r -> r.bannedUntil() != null && r.bannedUntil().isAfter(now))
                .forEach(r -> bans.put(r.nodeKey(), r.bannedUntil()));
        return bans;
    }

    @Override
    public void markAllOffline(Instant now) {
        rows.replaceAll((key, row) -> new PeerRecord(row.nodeKey(), row.address(), row.direction(), "OFFLINE",
                row.rttMillis(), row.claimedHeight(), row.claimedWork(), row.verifiedHeight(), row.verifiedWork(),
                row.misbehaviour(), row.bannedUntil(), now, row.lastSeen()));
    }

    /** Keys this node banned, ever. */
    long bannedKeys() {
        return rows.values().stream().filter(r -> r.bannedUntil() != null || "BANNED".equals(r.status())).count();
    }
}
