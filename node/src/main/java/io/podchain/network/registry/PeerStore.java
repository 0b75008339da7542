package io.podchain.network.registry;

import io.podchain.p2p.PeerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The persisted peer registry: every node key that proved itself to this node, with what it claimed, what we
 * verified and measured, and what it cost (misbehaviour, bans), so that a reconnect does not reset any of it.
 */
@ApplicationScoped
public class PeerStore implements PeerRegistry {
    /**
     * Rows kept at most: far more than the nodes of any one network (connections are capped at 40), few enough that
     * a stream of fresh keys (each costs an attacker nothing but a handshake) cannot grow the table without bound.
     * The longest-unseen rows that are not banned go first.
     */
    public static final int MAX_ROWS = 1_000;

    /**
     * Writes the peer's row; {@code lastChanged} moves only when the status does. Prunes beyond {@link #MAX_ROWS}:
     * first the offline keys that never backed any work, then the longest unseen.
     */
    @Transactional
    public void save(PeerRecord peer) {
        PeerEntity e = PeerEntity.findById(peer.nodeKey());
        boolean added = e == null;
        if (added) {
            e = new PeerEntity();
            e.nodeKey = peer.nodeKey();
            e.lastChanged = peer.lastChanged();
        } else if (!peer.status().equals(e.status)) {
            e.lastChanged = peer.lastChanged();
        }
        e.address = peer.address();
        e.direction = peer.direction();
        e.status = peer.status();
        e.rttMillis = peer.rttMillis() == null ? e.rttMillis : peer.rttMillis();
        e.claimedHeight = peer.claimedHeight();
        e.claimedWork = peer.claimedWork();
        e.verifiedHeight = peer.verifiedHeight();
        e.verifiedWork = peer.verifiedWork();
        e.misbehaviour = peer.misbehaviour();
        e.bannedUntil = peer.bannedUntil();
        e.lastSeen = peer.lastSeen();
        e.persist();
        if (added) {
            prune(peer.lastSeen());
        }
    }

    private void prune(Instant now) {
        long excess = PeerEntity.count() - MAX_ROWS;
        if (excess > 0) {
            // keys that never backed any work with headers or blocks go first (a stranger's throwaway keys, one row
            // per handshake, must not push out the honest nodes that are offline for a while), then the longest unseen
            PeerEntity.getEntityManager().createNativeQuery("delete from peer where node_key in (select node_key from"
                            + " peer where status <> 'ONLINE' and (banned_until is null or banned_until < ?1)"
                            + " order by coalesce(verified_work, 0) > 0, last_seen limit ?2)")
                    .setParameter(1, now).setParameter(2, excess).executeUpdate();
        }
    }

    @Transactional
    public List<PeerRecord> all() {
        return PeerEntity.<PeerEntity>list("order by address, nodeKey").stream()
                .map(e -> new PeerRecord(e.nodeKey, e.address, e.direction, e.status, e.rttMillis, e.claimedHeight,
                        e.claimedWork, e.verifiedHeight, e.verifiedWork, e.misbehaviour, e.bannedUntil, e.lastChanged,
                        e.lastSeen))
                .toList();
    }

    /** What {@code nodeKey} has cost so far, if it was ever seen. */
    @Transactional
    public Optional<Standing> standing(String nodeKey) {
        return PeerEntity.<PeerEntity>findByIdOptional(nodeKey).map(e -> new Standing(e.misbehaviour, e.bannedUntil));
    }

    /** Node keys banned until a moment still in the future, as of {@code now}. */
    @Transactional
    public Map<String, Instant> bans(Instant now) {
        return PeerEntity.<PeerEntity>list("bannedUntil > ?1", now).stream()
                .collect(Collectors.toMap(e -> e.nodeKey, e -> e.bannedUntil));
    }

    /** At start-up nobody is connected yet. */
    @Transactional
    public void markAllOffline(Instant now) {
        PeerEntity.update("status = 'OFFLINE', lastChanged = ?1 where status = 'ONLINE'", now);
    }
}
