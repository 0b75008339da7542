package io.podchain.p2p;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The peer registry as the protocol needs it: every node key that proved itself, with what it claimed, what we
 * verified and measured, and what it cost (misbehaviour, bans), so that a reconnect or a restart resets none of
 * it. The node's is a table ({@code network.registry.PeerStore}); the simulator's and the tests' a map (what a
 * node's database keeps across a crash).
 */
public interface PeerRegistry {
    /** A peer's state as measured now. */
    record PeerRecord(String nodeKey, String address, String direction, String status, Double rttMillis,
            Long claimedHeight, BigInteger claimedWork, Long verifiedHeight, BigInteger verifiedWork,
            int misbehaviour, Instant bannedUntil, Instant lastChanged, Instant lastSeen) {
    }

    /** What a node key has cost so far, as of the last save. */
    record Standing(int misbehaviour, Instant bannedUntil) {
    }

    /** Writes the peer's row (one at a time: the caller serialises). */
    void save(PeerRecord peer);

    /** What the key has cost so far, if it has a row. */
    Optional<Standing> standing(String nodeKey);

    /** The keys banned beyond {@code now}, and until when. */
    Map<String, Instant> bans(Instant now);

    /** At start: no peer is connected yet. */
    void markAllOffline(Instant now);
}
