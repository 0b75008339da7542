package io.podchain.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import io.podchain.testing.Gen;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whom to sync from: the closest peer that claims a better tip and has not failed; a claim alone never stalls. */
class PeerChoiceTest {
    static final Instant START = Instant.parse("2026-11-30T00:00:00Z");
    static final Duration SETTLE = Duration.ofSeconds(2);
    static final Instant LATER = START.plusSeconds(60);
    static final BigInteger OURS = BigInteger.valueOf(1_000);
    static final Hash OUR_TIP = Hash.fromHex("80".repeat(32));
    static final Hash SMALLER_TIP = Hash.fromHex("7f" + "ff".repeat(31));
    static final Hash LARGER_TIP = Hash.fromHex("80".repeat(31) + "81");

    private static PeerChoice.Candidate peer(String id, long claimed, long verified, double rtt) {
        return peer(id, claimed, LARGER_TIP, verified, rtt);
    }

    private static PeerChoice.Candidate peer(String id, long claimed, Hash tip, long verified, double rtt) {
        return new PeerChoice.Candidate(id, BigInteger.valueOf(claimed), tip, BigInteger.valueOf(verified), rtt,
                START);
    }

    private static PeerChoice.Decision decide(List<PeerChoice.Candidate> ready, Set<String> failed) {
        return PeerChoice.decide(ready, OURS, OUR_TIP, failed, LATER, START, SETTLE, true);
    }

    @Test
    void ofTwoTipsWithEqualWorkTheNodeOnTheLargerHashSyncsToTheSmallerOne() {
        assertThat(decide(List.of(peer("smaller", 1_000, SMALLER_TIP, 1_000, 1)), Set.of()))
                .isEqualTo(new PeerChoice.Decision.SyncFrom("smaller"));
        assertThat(decide(List.of(peer("larger", 1_000, LARGER_TIP, 1_000, 1)), Set.of()))
                .as("the other side of the same tie: it stays, and the peer comes to it")
                .isEqualTo(new PeerChoice.Decision.Settle(SyncState.IN_SYNC, true));
        assertThat(decide(List.of(peer("same", 1_000, OUR_TIP, 1_000, 1)), Set.of()))
                .isEqualTo(new PeerChoice.Decision.Settle(SyncState.IN_SYNC, true));
    }

    @Test
    void withoutPeersANodeWithDiscoveryIsDiscoveringAndASoloNodeIsInSync() {
        assertThat(PeerChoice.decide(List.of(), OURS, OUR_TIP, Set.of(), LATER, START, SETTLE, true))
                .isEqualTo(new PeerChoice.Decision.Settle(SyncState.DISCOVERING, false));
        assertThat(PeerChoice.decide(List.of(), OURS, OUR_TIP, Set.of(), LATER, START, SETTLE, false))
                .isEqualTo(new PeerChoice.Decision.Settle(SyncState.IN_SYNC, false));
    }

    @Test
    void itWaitsForRoundTripsWhileSettling() {
        List<PeerChoice.Candidate> ready = List.of(peer("a", 2_000, 0, Double.NaN));
        assertThat(PeerChoice.decide(ready, OURS, OUR_TIP, Set.of(), START.plusSeconds(1), START, SETTLE, true))
                .isInstanceOf(PeerChoice.Decision.Wait.class);
        assertThat(PeerChoice.decide(ready, OURS, OUR_TIP, Set.of(), LATER, START, SETTLE, true))
                .as("a peer that never answered a ping is still a peer once the settle time is over")
                .isEqualTo(new PeerChoice.Decision.SyncFrom("a"));
    }

    @Test
    void aLiarWhoseClaimWasDroppedHoldsNobodyInStalled() {
        // after its claim was found unbacked, its claim equals what it proved: nothing beyond our work
        assertThat(decide(List.of(peer("liar", 900, 900, 1), peer("honest", 1_000, 1_000, 5)), Set.of("liar")))
                .isEqualTo(new PeerChoice.Decision.Settle(SyncState.IN_SYNC, true));
        // a peer that proved more work but failed us does hold us back
        assertThat(decide(List.of(peer("slow", 5_000, 5_000, 1)), Set.of("slow")))
                .isEqualTo(new PeerChoice.Decision.Settle(SyncState.STALLED, false));
    }

    /** Seeded sets of peers: the choice is always the closest of those that claim a better tip and have not failed. */
    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries200")
    void theChoiceIsTheClosestEligiblePeerOrASettledStateThatFollowsFromProvenWork(long seed) {
        Gen gen = new Gen(seed);
        List<PeerChoice.Candidate> ready = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        int count = gen.intIn(1, 8);
        for (int i = 0; i < count; i++) {
            String id = "p" + i;
            // claims at, around and far from our work; at equal work the tip hash decides
            long claimed = gen.intIn(0, 2) == 0 ? OURS.longValue() : gen.longIn(0, 2_000);
            Hash tip = List.of(SMALLER_TIP, OUR_TIP, LARGER_TIP).get(gen.intIn(0, 2));
            ready.add(peer(id, claimed, tip, gen.longIn(0, 2_000), gen.intIn(0, 3) == 0 ? Double.NaN
                    : gen.intIn(1, 500)));
            if (gen.intIn(0, 3) == 0) {
                failed.add(id);
            }
        }
        PeerChoice.Decision decision = decide(ready, failed);
        List<PeerChoice.Candidate> eligible = ready.stream()
                .filter(c -> ChainWork.isBetter(c.claimedWork(), c.claimedTip(), OURS, OUR_TIP)
                        && !failed.contains(c.id())).toList();
        if (eligible.isEmpty()) {
            boolean provenAhead = ready.stream().anyMatch(c -> c.verifiedWork().compareTo(OURS) > 0);
            assertThat(decision).isEqualTo(new PeerChoice.Decision.Settle(
                    provenAhead ? SyncState.STALLED : SyncState.IN_SYNC, !provenAhead));
        } else {
            assertThat(decision).isInstanceOf(PeerChoice.Decision.SyncFrom.class);
            String chosen = ((PeerChoice.Decision.SyncFrom) decision).id();
            PeerChoice.Candidate picked = eligible.stream().filter(c -> c.id().equals(chosen)).findFirst().orElseThrow();
            double best = eligible.stream().mapToDouble(c -> Double.isNaN(c.rttMillis()) ? Double.MAX_VALUE
                    : c.rttMillis()).min().orElseThrow();
            assertThat(Double.isNaN(picked.rttMillis()) ? Double.MAX_VALUE : picked.rttMillis()).isEqualTo(best);
        }
    }
}
