package io.podchain.sync;

import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whom to sync from, or which state to settle in, from what the ready peers claim, proved and measured. Pure: the
 * same inputs always give the same decision. A claim of a better tip is reason enough to ask a peer (the lowest-RTT
 * one first, once round trips are known); only work a peer proved with headers holds the node in STALLED.
 *
 * <p>"Better" is the chain's own rule ({@link ChainWork#isBetter(BigInteger, Hash, BigInteger, Hash)}): more work,
 * or equal work and a smaller tip hash. Comparing work alone left two nodes that mined competing blocks at the same
 * height while apart (one restarted, say) each on its own tip for good: neither asked the other, as neither claimed
 * more work. With the tie rule exactly one of them asks, and both end on the smaller hash.
 */
final class PeerChoice {
    private PeerChoice() {
    }

    /** A ready peer as the choice sees it. */
    record Candidate(String id, BigInteger claimedWork, Hash claimedTip, BigInteger verifiedWork, double rttMillis,
            Instant connectedAt) {
    }

    sealed interface Decision {
        /** Round trips are not all known yet: the point is the closest peer, not the first one. */
        record Wait() implements Decision {
        }

        record SyncFrom(String id) implements Decision {
        }

        /** Nobody to sync from; {@code newRound}: nobody is ahead, so peers that failed may be asked again later. */
        record Settle(SyncState state, boolean newRound) implements Decision {
        }
    }

    static Decision decide(List<Candidate> ready, BigInteger ourWork, Hash ourTip, Set<String> failedThisRound,
            Instant now,
            Instant startedAt, Duration settleTime, boolean discoveryConfigured) {
        if (ready.isEmpty()) {
            return new Decision.Settle(discoveryConfigured ? SyncState.DISCOVERING : SyncState.IN_SYNC,
                    false);
        }
        List<Candidate> ahead = ready.stream()
                .filter(c -> ChainWork.isBetter(c.claimedWork(), c.claimedTip(), ourWork, ourTip))
                .filter(c -> !failedThisRound.contains(c.id()))
                .toList();
        if (now.isBefore(startedAt.plus(settleTime)) || ahead.stream()
                .anyMatch(c -> Double.isNaN(c.rttMillis()) && c.connectedAt().plus(settleTime).isAfter(now))) {
            return new Decision.Wait();
        }
        Optional<Candidate> closest = ahead.stream()
                .min(Comparator.comparingDouble(c -> Double.isNaN(c.rttMillis()) ? Double.MAX_VALUE : c.rttMillis()));
        if (closest.isPresent()) {
            return new Decision.SyncFrom(closest.get().id());
        }
        boolean provenAhead = ready.stream().anyMatch(c -> ChainWork.isBetter(c.verifiedWork(), ourWork));
        return new Decision.Settle(provenAhead ? SyncState.STALLED : SyncState.IN_SYNC, !provenAhead);
    }
}
