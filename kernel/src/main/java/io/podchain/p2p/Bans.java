package io.podchain.p2p;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who is kept out, and on what evidence. A node key that proved itself carries its misbehaviour and its ban from
 * connection to connection and across restarts (the registry persists them). Before the proof, a connection is
 * only an IP address with a socket: only that address can be penalised, and only in memory. An address a peer
 * merely claims is never banned, so nobody can get another node banned by claiming its address.
 */
public class Bans {
    private final Clock clock;
    /**
     * Banned keys in memory (the registry keeps them too); the oldest entry goes beyond {@link P2pLimits#MAX_TRACKED_IPS}
     * keys: with the IP of each banned key banned as well, more keys than that cannot come from few hosts.
     */
    private final Map<String, Instant> keyBans = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                    return size() > P2pLimits.MAX_TRACKED_IPS;
                }
            });
    /** Misbehaviour before a proof, by IP; the oldest entry goes beyond {@link P2pLimits#MAX_TRACKED_IPS}. */
    private final Map<String, IpRecord> ips = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IpRecord> eldest) {
            return size() > P2pLimits.MAX_TRACKED_IPS;
        }
    };

    private static final class IpRecord {
        int misbehaviour;
        Instant bannedUntil = Instant.EPOCH;
    }

    Bans(Clock clock) {
        this.clock = clock;
    }

    /** The keys banned in the registry, at start-up. */
    void load(PeerRegistry registry) {
        keyBans.putAll(registry.bans(clock.instant()));
    }

    Optional<Instant> keyBannedUntil(String nodeKey) {
        Instant until = keyBans.get(nodeKey);
        if (until != null && !until.isAfter(clock.instant())) {
            keyBans.remove(nodeKey, until);
            return Optional.empty();
        }
        return Optional.ofNullable(until);
    }

    void banKey(String nodeKey, Instant until) {
        keyBans.put(nodeKey, until);
    }

    /**
     * Bans the address a proven key that earned a ban connected from (or was dialled at): its IP is real, not
     * claimed, and without it one host could get a fresh key banned after another, at the cost of one handshake each.
     */
    synchronized void banIp(String ip, Instant until) {
        IpRecord record = ips.computeIfAbsent(ip, k -> new IpRecord());
        record.misbehaviour = 0;
        record.bannedUntil = until;
    }

    synchronized Optional<Instant> ipBannedUntil(String ip) {
        IpRecord record = ips.get(ip);
        return record != null && record.bannedUntil.isAfter(clock.instant()) ? Optional.of(record.bannedUntil)
                : Optional.empty();
    }

    /**
     * Adds misbehaviour to an IP address that has not proven a key; at {@link P2pLimits#BAN_THRESHOLD} the address
     * is banned for {@link P2pLimits#BAN_DURATION} and its score starts again.
     *
     * @return true when this penalty banned it
     */
    synchronized boolean penalizeIp(String ip, int points) {
        IpRecord record = ips.computeIfAbsent(ip, k -> new IpRecord());
        record.misbehaviour += points;
        if (record.misbehaviour < P2pLimits.BAN_THRESHOLD) {
            return false;
        }
        banIp(ip, clock.instant().plus(P2pLimits.BAN_DURATION));
        return true;
    }
}
