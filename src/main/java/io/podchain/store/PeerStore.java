package io.podchain.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The persisted peer registry: what this node measured about every address it has known. */
@ApplicationScoped
public class PeerStore {

    /** A peer's state as measured now. */
    public record PeerRecord(String address, String nodeKey, String direction, String status, Double rttMillis,
            Long height, BigInteger cumulativeWork, String tipHash, int misbehaviour, Instant bannedUntil,
            Instant lastChanged, Instant lastSeen) {
    }

    /** Writes the peer's row; {@code lastChanged} moves only when the status does. */
    @Transactional
    public void save(PeerRecord peer) {
        PeerEntity e = PeerEntity.findById(peer.address());
        if (e == null) {
            e = new PeerEntity();
            e.address = peer.address();
            e.lastChanged = peer.lastChanged();
        } else if (!peer.status().equals(e.status)) {
            e.lastChanged = peer.lastChanged();
        }
        e.nodeKey = peer.nodeKey() == null ? e.nodeKey : peer.nodeKey();
        e.direction = peer.direction();
        e.status = peer.status();
        e.rttMillis = peer.rttMillis() == null ? e.rttMillis : peer.rttMillis();
        e.height = peer.height();
        e.cumulativeWork = peer.cumulativeWork();
        e.tipHash = peer.tipHash();
        e.misbehaviour = peer.misbehaviour();
        e.bannedUntil = peer.bannedUntil();
        e.lastSeen = peer.lastSeen();
        e.persist();
    }

    @Transactional
    public List<PeerRecord> all() {
        return PeerEntity.<PeerEntity>listAll().stream()
                .sorted((a, b) -> a.address.compareTo(b.address))
                .map(e -> new PeerRecord(e.address, e.nodeKey, e.direction, e.status, e.rttMillis, e.height,
                        e.cumulativeWork, e.tipHash, e.misbehaviour, e.bannedUntil, e.lastChanged, e.lastSeen))
                .toList();
    }

    /** Addresses banned until a moment still in the future, as of {@code now}. */
    @Transactional
    public Map<String, Instant> bans(Instant now) {
        return PeerEntity.<PeerEntity>list("bannedUntil > ?1", now).stream()
                .collect(Collectors.toMap(e -> e.address, e -> e.bannedUntil));
    }

    /** At start-up nobody is connected yet. */
    @Transactional
    public void markAllOffline(Instant now) {
        PeerEntity.update("status = 'OFFLINE', lastChanged = ?1 where status = 'ONLINE'", now);
    }
}
