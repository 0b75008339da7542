package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proof of each side's key without a node: two or three nodes' network parts over channels without a network
 * ({@link PeerLink}). Both sides become peers only once both keys are proven for this very connection; a HELLO
 * forwarded from another connection, a claimed key without its proof, another network, genesis or version, a banned
 * key, a full house, the node itself and a second connection between the same two nodes are each turned away with
 * the code that says why, and what a key has cost before follows it into its next connection.
 */
class HandshakeTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private NodeParts node(String label, String ip) {
        return new NodeParts(label, ip, timer);
    }

    @Test
    void bothSidesProveTheirKeysAndBecomePeers() {
        NodeParts a = node("hs-a", "10.2.0.1");
        NodeParts b = node("hs-b", "10.2.0.2");
        PeerLink link = PeerLink.connect(a, b);
        assertThat(link.toAnswerer.isReady()).isTrue();
        assertThat(link.toAnswerer.nodeKey()).isEqualTo(b.key.publicKey());
        assertThat(link.toAnswerer.address()).as("the address it was dialled at").isEqualTo("10.2.0.2:9000");
        assertThat(link.toDialler.isReady()).isTrue();
        assertThat(link.toDialler.nodeKey()).isEqualTo(a.key.publicKey());
        assertThat(link.toDialler.address()).as("its connection's IP with the port it listens on")
                .isEqualTo("10.2.0.1:9000");
        assertThat(link.toDialler.claimed()).as("what its HELLO claimed").isEqualTo(new Peer.ChainPosition(0,
                NodeParts.GENESIS.hash(), a.chain.summary().cumulativeWork()));
        assertThat(a.follower.considered).as("each side looks for chain to sync once a peer is ready").hasValue(1);
        assertThat(b.follower.considered).hasValue(1);
        assertThat(link.toAnswerer.misbehaviour()).isZero();
    }

    @Test
    void aHelloForwardedFromAnotherConnectionIsRefused() {
        // a relay between a and b: a dials the relay, the relay dials b and forwards a's HELLO
        NodeParts a = node("hs-victim", "10.2.1.1");
        NodeParts relay = node("hs-relay", "10.2.1.2");
        NodeParts b = node("hs-target", "10.2.1.3");
        PeerLink aToRelay = PeerLink.dial(a, relay);
        PeerLink relayToB = PeerLink.open(relay, b);
        ProtocolMessage.Hello forwarded = (ProtocolMessage.Hello) aToRelay.sentByDialler().get(0);
        relayToB.toAnswerer.send(forwarded);
        relayToB.exchange((from, message) -> {
        });
        assertThat(PeerLink.rejects(relayToB.allSentByAnswerer()))
                .containsExactly("BAD_HANDSHAKE: HELLO is bound to another connection");
        assertThat(relayToB.toDialler.isClosing()).isTrue();
        assertThat(relayToB.toDialler.completedHandshake()).isFalse();
        assertThat(b.registry.rows).as("nothing is recorded about a key before its proof").isEmpty();
    }

    @Test
    void aClaimedKeyWithoutItsProofIsRefused() {
        NodeParts impostor = node("hs-impostor", "10.2.2.1");
        NodeParts b = node("hs-b2", "10.2.2.2");
        String victim = node("hs-victim2", "10.2.2.3").key.publicKey().toHex();
        PeerLink link = PeerLink.open(impostor, b);
        link.toAnswerer.send(withKey(impostor.handshake.hello(link.toAnswerer), victim));
        link.exchange((from, message) -> {
        });
        assertThat(PeerLink.rejects(link.allSentByAnswerer())).singleElement().asString()
                .startsWith("BAD_AUTH: the signature does not prove key " + victim);
        assertThat(link.toDialler.completedHandshake()).isFalse();
        assertThat(link.toDialler.isClosing()).isTrue();
        assertThat(b.follower.considered).hasValue(0);
    }

    enum Mismatch {
        NETWORK("WRONG_NETWORK", h -> changed(h, h.protocolVersion(), "another-network", h.genesisHash(),
                h.nodeKey())),
        GENESIS("WRONG_GENESIS", h -> changed(h, h.protocolVersion(), h.networkId(), "00".repeat(32), h.nodeKey())),
        VERSION("WRONG_PROTOCOL_VERSION", h -> changed(h, h.protocolVersion() - 1, h.networkId(), h.genesisHash(),
                h.nodeKey()));

        final String code;
        final UnaryOperator<ProtocolMessage.Hello> change;

        Mismatch(String code, UnaryOperator<ProtocolMessage.Hello> change) {
            this.code = code;
            this.change = change;
        }
    }

    /** Another network is no offence: rejected with the reason, closed, and no points on the address. */
    @ParameterizedTest
    @EnumSource(Mismatch.class)
    void aNodeOfAnotherNetworkIsTurnedAwayWithoutBlame(Mismatch mismatch) {
        NodeParts other = node("hs-other", "10.2.3.1");
        NodeParts b = node("hs-b3", "10.2.3.2");
        for (int attempt = 0; attempt < 3; attempt++) {
            PeerLink link = PeerLink.open(other, b);
            link.toAnswerer.send(mismatch.change.apply(other.handshake.hello(link.toAnswerer)));
            link.exchange((from, message) -> {
            });
            assertThat(PeerLink.rejects(link.allSentByAnswerer())).singleElement().asString()
                    .startsWith(mismatch.code + ": ");
            assertThat(link.toDialler.isClosing()).isTrue();
        }
        assertThat(b.bans.ipBannedUntil("10.2.3.1")).isEmpty();
    }

    enum OutOfTurn {
        HELLO_TWICE("HELLO twice"), AUTH_BEFORE_HELLO("AUTH before HELLO"),
        PING_FIRST("HELLO and AUTH must come first");

        final String reason;

        OutOfTurn(String reason) {
            this.reason = reason;
        }
    }

    @ParameterizedTest
    @EnumSource(OutOfTurn.class)
    void aMessageOutOfTurnBeforeTheProofBansTheAddress(OutOfTurn kind) {
        NodeParts stranger = node("hs-stranger", "10.2.4.1");
        NodeParts b = node("hs-b4", "10.2.4.2");
        PeerLink link = PeerLink.open(stranger, b);
        ProtocolMessage.Hello hello = stranger.handshake.hello(link.toAnswerer);
        switch (kind) {
            case HELLO_TWICE -> {
                link.toAnswerer.send(hello);
                link.toAnswerer.send(hello);
            }
            case AUTH_BEFORE_HELLO -> link.toAnswerer.send(new ProtocolMessage.Auth("00".repeat(64)));
            case PING_FIRST -> link.toAnswerer.send(new ProtocolMessage.Ping(1));
        }
        List<ProtocolMessage> toAnswerer = link.sentByDialler();
        toAnswerer.forEach(message -> {
            if (!link.toDialler.isClosing()) {
                b.handshake.handle(link.toDialler, message);
            }
        });
        assertThat(PeerLink.rejects(link.allSentByAnswerer())).containsExactly("BAD_HANDSHAKE: " + kind.reason);
        assertThat(link.toDialler.isClosing()).isTrue();
        assertThat(RejectCode.BAD_HANDSHAKE.misbehaviour()).isEqualTo(P2pLimits.BAN_THRESHOLD);
        assertThat(b.bans.ipBannedUntil("10.2.4.1")).as("the address carries the points").isPresent();
    }

    @Test
    void aBannedKeyIsRefusedAfterItsProofWhetherTheBanIsInMemoryOrOnRecord() {
        NodeParts a = node("hs-banned", "10.2.5.1");
        NodeParts b = node("hs-b5", "10.2.5.2");
        Instant until = NodeParts.CLOCK.instant().plus(Duration.ofMinutes(5));
        b.bans.banKey(a.key.publicKey().toHex(), until);
        PeerLink link = PeerLink.connect(a, b);
        assertThat(PeerLink.rejects(link.allSentByAnswerer())).containsExactly("BANNED: banned until " + until);
        assertThat(link.toDialler.isReady()).isFalse();
        assertThat(link.toDialler.isClosing()).isTrue();
        assertThat(b.follower.considered).hasValue(0);

        NodeParts c = node("hs-b6", "10.2.5.3");
        c.registry.save(new PeerRegistry.PeerRecord(a.key.publicKey().toHex(), a.address(), "INBOUND", "BANNED", null,
                null, null, null, null, 100, until, NodeParts.CLOCK.instant(), NodeParts.CLOCK.instant()));
        PeerLink afterRestart = PeerLink.connect(a, c);
        assertThat(PeerLink.rejects(afterRestart.allSentByAnswerer())).containsExactly("BANNED: banned until "
                + until);
    }

    @Test
    void misbehaviourFollowsTheKeyIntoItsNextConnectionAndAnExpiredBanStartsAfresh() {
        NodeParts a = node("hs-counted", "10.2.6.1");
        NodeParts b = node("hs-b7", "10.2.6.2");
        String key = a.key.publicKey().toHex();
        Instant now = NodeParts.CLOCK.instant();
        b.registry.save(new PeerRegistry.PeerRecord(key, a.address(), "INBOUND", "OFFLINE", null, null, null, null, null,
                40, null, now, now));
        assertThat(PeerLink.connect(a, b).toDialler.misbehaviour()).isEqualTo(40);

        NodeParts c = node("hs-b8", "10.2.6.3");
        c.registry.save(new PeerRegistry.PeerRecord(key, a.address(), "INBOUND", "BANNED", null, null, null, null, null,
                100, now.minusSeconds(1), now, now));
        PeerLink link = PeerLink.connect(a, c);
        assertThat(link.toDialler.isReady()).isTrue();
        assertThat(link.toDialler.isClosing()).isFalse();
        assertThat(link.toDialler.misbehaviour()).isZero();
    }

    @Test
    void aFullHouseTakesNoMoreProvenPeers() {
        NodeParts b = new NodeParts("hs-full", "10.2.7.1", 1, timer);
        assertThat(PeerLink.connect(node("hs-first", "10.2.7.2"), b).toDialler.isReady()).isTrue();
        PeerLink second = PeerLink.connect(node("hs-second", "10.2.7.3"), b);
        assertThat(PeerLink.rejects(second.allSentByAnswerer()))
                .containsExactly("TOO_MANY_PEERS: this node accepts 1 peers");
        assertThat(second.toDialler.isClosing()).isTrue();
    }

    @Test
    void aNodeThatReachesItselfClosesWithoutBlame() {
        NodeParts a = node("hs-self", "10.2.8.1");
        PeerLink link = PeerLink.connect(a, a);
        assertThat(PeerLink.rejects(link.allSentByAnswerer())).containsExactly("SELF: connected to itself");
        assertThat(a.bans.ipBannedUntil("10.2.8.1")).isEmpty();
        assertThat(a.registry.rows).isEmpty();
    }

    /** Both dialled at once: both sides keep the connection the smaller key dialled, and close the other. */
    @Test
    void twoConnectionsBetweenTheSameNodesLeaveTheOneTheSmallerKeyDialled() {
        NodeParts a = node("hs-twin-a", "10.2.9.1");
        NodeParts b = node("hs-twin-b", "10.2.9.2");
        PeerLink aDialled = PeerLink.connect(a, b);
        PeerLink bDialled = PeerLink.connect(b, a);
        boolean aIsSmaller = a.key.publicKey().toHex().compareTo(b.key.publicKey().toHex()) < 0;
        PeerLink kept = aIsSmaller ? aDialled : bDialled;
        PeerLink closed = aIsSmaller ? bDialled : aDialled;
        assertThat(kept.toAnswerer.isClosing()).isFalse();
        assertThat(kept.toDialler.isClosing()).isFalse();
        assertThat(closed.toAnswerer.isClosing()).isTrue();
        assertThat(closed.toDialler.isClosing()).isTrue();
        assertThat(a.connected.ready()).hasSize(1);
        assertThat(b.connected.ready()).hasSize(1);
        assertThat(a.connected.ready().get(0).misbehaviour()).as("no blame").isZero();
    }

    private static ProtocolMessage.Hello withKey(ProtocolMessage.Hello h, String nodeKey) {
        return changed(h, h.protocolVersion(), h.networkId(), h.genesisHash(), nodeKey);
    }

    /** {@code h} with the fields a test changes; its binding, address and chain claims as they were. */
    private static ProtocolMessage.Hello changed(ProtocolMessage.Hello h, int version, String networkId,
            String genesisHash, String nodeKey) {
        return new ProtocolMessage.Hello(version, networkId, genesisHash, nodeKey, h.advertisedAddress(),
                h.challenge(), h.height(), h.tipHash(), h.cumulativeWork());
    }
}
