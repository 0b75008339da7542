package io.podchain.p2p;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.PublicKey;
import io.podchain.testing.TestBlocks;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Penalties without a node: real peers over connections without a network, the real ban book, a registry that
 * remembers in memory. Points add up on the proven key to the ban at the threshold and not before; before a proof
 * the address carries them; a block that broke the rule checked after a relay costs its producer, never its relayer.
 */
class PeerDisciplineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ConnectedPeers connected = new ConnectedPeers();
    private final Bans bans = new Bans(CLOCK);
    private final List<PeerRegistry.PeerRecord> saved = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PeerDiscipline discipline = new PeerDiscipline(connected, bans, new PeerRegistry() {
        @Override
        public void save(PeerRecord peer) {
            saved.add(peer);
        }

        @Override
        public Optional<Standing> standing(String nodeKey) {
            return Optional.empty();
        }

        @Override
        public Map<String, Instant> bans(Instant now) {
            return Map.of();
        }

        @Override
        public void markAllOffline(Instant now) {
        }
    }, CLOCK, new P2pMetrics(meters, CLOCK));

    private double count(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A connection from {@code ip}, its channel open; proven as {@code key} unless that is null. */
    private Peer peer(String ip, String key) {
        SecureChannel theirs = SecureChannel.dialling(Membership.of(Optional.empty()), P2pLimits.MIN_PROTOCOL_VERSION,
                P2pLimits.PROTOCOL_VERSION);
        SecureChannel ours = SecureChannel.answering(Membership.of(Optional.empty()), P2pLimits.MIN_PROTOCOL_VERSION,
                P2pLimits.PROTOCOL_VERSION);
        theirs.handshake(((SecureChannel.Step.Answer) ours.handshake(theirs.firstFrame())).frame());
        Peer peer = new Peer(new FakeConnection(), Peer.Direction.INBOUND, ip + ":1", ip, ours,
                new PeerShared(new ProtocolCodec(), new TrafficBudget(), TestScheduler.of(Runnable::run, timer)), CLOCK.instant());
        if (key != null) {
            peer.markReady(key(key), ip + ":9000");
        }
        connected.add(peer);
        return peer;
    }

    private static PublicKey key(String label) {
        return TestBlocks.key(label).publicKey();
    }

    @Test
    void pointsAddUpOnTheKeyAndBanItAtTheThresholdNotBefore() {
        Peer peer = peer("10.1.0.1", "counted");
        // 50 + 20 + 20 = 90, then 10 more reach the threshold exactly
        discipline.penalize(peer, RejectCode.MALFORMED, "one");
        discipline.penalize(peer, RejectCode.UNKNOWN_TYPE, "two");
        discipline.penalize(peer, RejectCode.UNSOLICITED, "three");
        assertThat(peer.misbehaviour()).isEqualTo(90);
        assertThat(peer.isClosing()).isFalse();
        assertThat(bans.keyBannedUntil(key("counted").toHex())).isEmpty();
        discipline.penalize(peer, RejectCode.INVALID_MESSAGE, "four");
        assertThat(peer.misbehaviour()).isEqualTo(P2pLimits.BAN_THRESHOLD);
        assertThat(bans.keyBannedUntil(key("counted").toHex()))
                .contains(CLOCK.instant().plus(P2pLimits.BAN_DURATION));
        assertThat(bans.ipBannedUntil("10.1.0.1")).as("and the address it came from").isPresent();
        assertThat(peer.isClosing()).isTrue();
        assertThat(saved.get(saved.size() - 1).status()).isEqualTo("BANNED");
        assertThat(count("podchain.peer.rejects", "code", "MALFORMED", "kind", "penalized")).isEqualTo(1);
        assertThat(count("podchain.peer.rejects", "code", "INVALID_MESSAGE", "kind", "penalized")).isEqualTo(1);
        assertThat(count("podchain.peer.rejects", "code", "MALFORMED", "kind", "refused")).isZero();
        assertThat(count("podchain.peer.bans", "subject", "key")).isEqualTo(1);
        assertThat(count("podchain.peer.bans", "subject", "address")).isEqualTo(1);
    }

    @Test
    void aRefusalIsCountedWithoutBlame() {
        Peer peer = peer("10.1.0.9", "refused");
        discipline.reject(peer, RejectCode.TOO_MANY_PEERS, "full");
        assertThat(count("podchain.peer.rejects", "code", "TOO_MANY_PEERS", "kind", "refused")).isEqualTo(1);
        assertThat(count("podchain.peer.rejects", "code", "TOO_MANY_PEERS", "kind", "penalized")).isZero();
        assertThat(count("podchain.peer.bans", "subject", "key") + count("podchain.peer.bans", "subject", "address"))
                .isZero();
    }

    @Test
    void anAddressSharedWithOtherProvenNodesIsNotBannedForOneOfThem() {
        Peer bad = peer("10.1.0.2", "bad-behind-nat");
        peer("10.1.0.2", "good-behind-nat");
        discipline.penalize(bad, RejectCode.INVALID_BLOCK, "a bad block");
        assertThat(bans.keyBannedUntil(key("bad-behind-nat").toHex())).isPresent();
        assertThat(bans.ipBannedUntil("10.1.0.2")).isEmpty();
    }

    @Test
    void beforeTheProofTheAddressCarriesThePointsAndTheConnectionCloses() {
        Peer stranger = peer("10.1.0.3", null);
        discipline.penalize(stranger, RejectCode.MALFORMED, "garbage");
        assertThat(stranger.isClosing()).isTrue();
        assertThat(bans.ipBannedUntil("10.1.0.3")).as("50 points: not yet").isEmpty();
        discipline.penalize(peer("10.1.0.3", null), RejectCode.MALFORMED, "garbage again");
        assertThat(bans.ipBannedUntil("10.1.0.3")).isPresent();
        assertThat(saved).as("nothing about an unproven connection is recorded").isEmpty();
    }

    @Test
    void aConnectedProducerPaysForItsBlockAndItsRelayerKeepsItsStanding() {
        Peer relayer = peer("10.1.0.4", "honest-relayer");
        Peer producer = peer("10.1.0.5", "producer");
        discipline.penalizeProducer(relayer, key("producer"), RejectCode.INVALID_BLOCK, "a duplicate message");
        assertThat(relayer.misbehaviour()).isZero();
        assertThat(relayer.isClosing()).isFalse();
        assertThat(producer.misbehaviour()).isEqualTo(RejectCode.INVALID_BLOCK.misbehaviour());
        assertThat(producer.isClosing()).isTrue();
        assertThat(bans.keyBannedUntil(key("producer").toHex())).isPresent();
    }

    @Test
    void aProducerThatRelaysItsOwnBlockPaysAsItsSender() {
        Peer producer = peer("10.1.0.6", "producer-in-person");
        discipline.penalizeProducer(producer, key("producer-in-person"), RejectCode.INVALID_BLOCK, "duplicate");
        assertThat(producer.isClosing()).isTrue();
        assertThat(bans.keyBannedUntil(key("producer-in-person").toHex())).isPresent();
    }

    @Test
    void aProducerNotConnectedIsBannedByKeyAndNoAddressIs() {
        Peer relayer = peer("10.1.0.7", "another-relayer");
        discipline.penalizeProducer(relayer, key("absent-producer"), RejectCode.INVALID_BLOCK, "duplicate");
        assertThat(bans.keyBannedUntil(key("absent-producer").toHex())).isPresent();
        assertThat(bans.ipBannedUntil("10.1.0.7")).isEmpty();
        assertThat(relayer.isClosing()).isFalse();
        assertThat(relayer.misbehaviour()).isZero();
    }

    @Test
    void aProducersLesserOffenceIsNotABanWhenItIsNotConnected() {
        Peer relayer = peer("10.1.0.8", "third-relayer");
        discipline.penalizeProducer(relayer, key("absent-small-offender"), RejectCode.INVALID_MESSAGE, "small");
        assertThat(bans.keyBannedUntil(key("absent-small-offender").toHex())).isEmpty();
    }
}
