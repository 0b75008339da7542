package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.chain.SigningKey;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a peer says about itself is checked before it counts: a peer proves its node key in the handshake, so nobody
 * can take another node's place; a ban lands on the proven key or the connecting IP, never on a claimed address, and
 * outlives a reconnect; a claimed height that headers do not back never takes a node out of readiness; answers
 * nobody asked for cost their sender. Two real nodes (A and B, B connected to A) and hand-made rogue peers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeerTrustIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.PEER_TRUST;
    @TempDir
    static Path home;
    static NodeProcess a;
    static NodeProcess b;
    static String bKey;

    /** B's words, so that its key is known before B ever runs (a rogue claims it first). */
    static final String B_MNEMONIC = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    @BeforeAll
    static void startNodes() {
        a = new NodeProcess(home.resolve("a"), NET + "51", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false")
                .start();
        b = new NodeProcess(home.resolve("b"), NET + "52", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false")
                .env("PODCHAIN_IDENTITY_MNEMONIC", B_MNEMONIC).env("PODCHAIN_DISCOVERY_PEERS", a.p2pAddress());
        bKey = io.podchain.wallet.MnemonicWallet.restore(B_MNEMONIC, "").signingKey().publicKey().toHex();
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (NodeProcess node : new NodeProcess[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static JsonNode json(NodeProcess node, String path) {
        return ChainChecks.json(node.get(path).body());
    }

    private static RogueClient rogue(String ip, NodeProcess target) throws Exception {
        return new RogueClient(ip, target.host(), target.port(),
                m -> m.get("type").asText().equals("PING") ? RogueClient.pong(m) : null);
    }

    private static JsonNode peerRow(NodeProcess node, String nodeKey) {
        for (JsonNode row : json(node, "/api/peers")) {
            if (row.get("nodeKey").asText().equals(nodeKey)) {
                return row;
            }
        }
        return null;
    }

    private static int readyPeers(NodeProcess node) {
        return json(node, "/api/sync").get("peers").asInt();
    }

    @Test
    @Order(1)
    void anImpersonatorCannotTakeANodesPlaceBeforeOrAfterItConnects() throws Exception {
        JsonNode chain = json(a, "/api/chain");
        SigningKey impostor = TestBlocks.key("impostor");
        try (RogueClient before = rogue(NET + "61", a)) {
            // B is not running yet: the impostor claims its key and address, and its best try at a proof is a
            // signature by its own key
            String challenge = before.claim(chain.get("networkId").asText(), chain.get("genesisHash").asText(), bKey,
                    b.p2pAddress(), 0, chain.get("genesisHash").asText(), "1");
            before.authAs(impostor, bKey, challenge, before.next("HELLO"));
            assertThat(before.next("REJECT").get("code").asText()).isEqualTo("BAD_AUTH");
            before.awaitClosed();
        }
        try (RogueClient holding = rogue(NET + "69", a)) {
            // another claims B's key and just holds its connection while the real B starts and connects
            holding.claim(chain.get("networkId").asText(), chain.get("genesisHash").asText(), bKey, b.p2pAddress(), 0,
                    chain.get("genesisHash").asText(), "1");
            holding.next("HELLO");
            b.start();
            assertThat(json(b, "/api/node").get("publicKey").asText()).isEqualTo(bKey);
            await().atMost(Duration.ofSeconds(60)).until(() -> readyPeers(a) == 1 && readyPeers(b) == 1);
            for (int i = 0; i < 3; i++) {
                assertThat(a.post("/api/mine", "").statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> json(b, "/api/chain").get("height").asLong() == 3);
            // and an unproven connection does not linger: no proof within the handshake timeout, closed
            assertThat(holding.next("REJECT").get("code").asText()).isEqualTo("HANDSHAKE_TIMEOUT");
            holding.awaitClosed();
        }
        try (RogueClient after = rogue(NET + "62", a)) {
            String challenge = after.claim(chain.get("networkId").asText(), chain.get("genesisHash").asText(), bKey,
                    b.p2pAddress(), 0, chain.get("genesisHash").asText(), "1");
            after.authAs(impostor, bKey, challenge, after.next("HELLO"));
            assertThat(after.next("REJECT").get("code").asText()).isEqualTo("BAD_AUTH");
            after.awaitClosed();
        }
        assertThat(readyPeers(a)).as("the real B is still A's peer").isEqualTo(1);
        JsonNode row = peerRow(a, bKey);
        assertThat(row.get("status").asText()).isEqualTo("ONLINE");
        assertThat(row.get("address").asText()).isEqualTo(b.p2pAddress());
        assertThat(row.get("misbehaviour").asInt()).isZero();
        assertThat(json(a, "/api/peers")).as("nothing recorded about unproven connections").hasSize(1);
    }

    @Test
    @Order(2)
    void aBanLandsOnTheProvenKeyNotOnTheAddressItClaims() throws Exception {
        JsonNode chain = json(a, "/api/chain");
        SigningKey poisoner = TestBlocks.key("poisoner");
        try (RogueClient rogue = rogue(NET + "63", a)) {
            rogue.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), poisoner, b.p2pAddress(),
                    0, chain.get("genesisHash").asText(), "1");
            rogue.next("HELLO");
            for (int i = 0; i < 5; i++) {
                rogue.send("{\"type\":\"HEADERS\",\"headers\":[]}");
                assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("UNSOLICITED");
            }
            rogue.awaitClosed();
        }
        JsonNode banned = peerRow(a, poisoner.publicKey().toHex());
        assertThat(banned.get("status").asText()).isEqualTo("BANNED");
        assertThat(banned.get("misbehaviour").asInt()).isEqualTo(100);
        assertThat(banned.get("address").asText()).as("its own IP, not the address it claimed")
                .isEqualTo(NET + "63:" + b.port());
        assertThat(peerRow(a, bKey).get("status").asText()).isEqualTo("ONLINE");
        assertThat(readyPeers(a)).isEqualTo(1);
        // the key stays banned from any address
        try (RogueClient again = rogue(NET + "64", a)) {
            again.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), poisoner, NET + "64:1",
                    0, chain.get("genesisHash").asText(), "1");
            assertThat(again.next("REJECT").get("code").asText()).isEqualTo("BANNED");
            again.awaitClosed();
        }
    }

    @Test
    @Order(3)
    void misbehaviourBelongsToTheKeyAndSurvivesAReconnect() throws Exception {
        JsonNode chain = json(a, "/api/chain");
        SigningKey key = TestBlocks.key("reconnecting");
        try (RogueClient first = rogue(NET + "65", a)) {
            first.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), key, NET + "65:1", 0,
                    chain.get("genesisHash").asText(), "1");
            first.next("HELLO");
            first.send("{\"type\":\"BLOCKS\",\"blocks\":[]}");
            assertThat(first.next("REJECT").get("code").asText()).isEqualTo("UNSOLICITED");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> peerRow(a, key.publicKey().toHex()) != null
                && peerRow(a, key.publicKey().toHex()).get("status").asText().equals("OFFLINE"));
        assertThat(peerRow(a, key.publicKey().toHex()).get("misbehaviour").asInt()).isEqualTo(20);
        try (RogueClient second = rogue(NET + "66", a)) {
            second.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), key, NET + "66:1", 0,
                    chain.get("genesisHash").asText(), "1");
            second.next("HELLO");
            for (int i = 0; i < 4; i++) {
                second.send("{\"type\":\"HEADERS\",\"headers\":[]}");
                second.next("REJECT");
            }
            second.awaitClosed(); // 20 from the first connection + 4 x 20: banned
        }
        assertThat(peerRow(a, key.publicKey().toHex()).get("status").asText()).isEqualTo("BANNED");
    }

    @Test
    @Order(4)
    void aClaimedHeightOfTwoToTheSixtySecondDoesNotTakeANodeOutOfReadiness() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> b.getManagement("/q/health/ready").statusCode() == 200);
        JsonNode chain = json(b, "/api/chain");
        try (RogueClient liar = new RogueClient(NET + "67", b.host(), b.port(), m -> switch (m.get("type").asText()) {
            case "PING" -> RogueClient.pong(m);
            case "GET_HEADERS" -> "{\"type\":\"HEADERS\",\"headers\":[]}";
            default -> null;
        })) {
            liar.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), TestBlocks.key("liar"),
                    NET + "67:1", 1L << 62, chain.get("tipHash").asText(), "9".repeat(80));
            assertThat(liar.next("REJECT").get("code").asText()).isEqualTo("UNBACKED_CLAIM");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    json(b, "/api/sync").get("state").asText().equals("IN_SYNC"));
            var ready = b.getManagement("/q/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(json(b, "/api/sync").get("bestPeerHeight").asLong())
                    .isEqualTo(json(a, "/api/chain").get("height").asLong());
        }
        // and the honest peers still agree
        assertThat(a.post("/api/mine", "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> json(b, "/api/chain").get("tipHash").asText()
                .equals(json(a, "/api/chain").get("tipHash").asText()));
        assertThat(b.getManagement("/q/health/ready").statusCode()).isEqualTo(200);
    }

    /**
     * Liars that prove their keys, claim a height they lack and then never answer for their headers: each stalls a
     * sync until it times out, one after the other. Readiness follows what the node verified, so it answers 200 at
     * every look while they lie, and the liars are marked stalled, not believed.
     */
    @Test
    @Order(5)
    void liarsOneAfterAnotherNeverTakeANodeOutOfReadiness() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> b.getManagement("/q/health/ready").statusCode() == 200);
        JsonNode chain = json(b, "/api/chain");
        List<RogueClient> liars = new java.util.ArrayList<>();
        List<Integer> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        long stallsBefore = stalls(b);
        try {
            for (int i = 0; i < 2; i++) {
                RogueClient liar = new RogueClient(NET + (69 + i), b.host(), b.port(),
                        m -> m.get("type").asText().equals("PING") ? RogueClient.pong(m) : null);
                liars.add(liar);
                liar.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                        TestBlocks.key("silent-liar-" + i), NET + (69 + i) + ":1", i == 0 ? 1L << 62 : 1_000_000_000_000L,
                        chain.get("tipHash").asText(), "9".repeat(80 - i));
                liar.next("HELLO");
            }
            await("both liars' syncs to time out").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        answers.add(b.getManagement("/q/health/ready").statusCode());
                        return stalls(b) >= stallsBefore + 2;
                    });
        } finally {
            for (RogueClient liar : liars) {
                liar.close();
            }
        }
        assertThat(answers).as("readiness at every look while the liars lied").isNotEmpty().containsOnly(200);
    }

    private static long stalls(NodeProcess node) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(node.log()).stream()
                .filter(line -> line.contains("failed (STALLED: no answer within")).count();
    }

    @Test
    @Order(6)
    void aStoppingNodeSaysGoingAwayAndLogsNoErrors() throws Exception {
        JsonNode chain = json(b, "/api/chain");
        try (RogueClient peer = rogue(NET + "68", b)) {
            peer.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), TestBlocks.key("witness"),
                    NET + "68:1", 0, chain.get("genesisHash").asText(), "1");
            peer.next("HELLO");
            await().atMost(Duration.ofSeconds(30)).until(() -> readyPeers(b) == 2);
            b.stop();
            peer.awaitClosed();
            assertThat(peer.closeStatus()).as("going away").isEqualTo((short) 1001);
        }
        // A no longer shows B online: OFFLINE, or no row at all when B was a peer for less than the probation
        // (P2pLimits.UNKNOWN_KEY_PROBATION) and A never received work from it
        await().atMost(Duration.ofSeconds(30)).until(() -> peerRow(a, bKey) == null
                || peerRow(a, bKey).get("status").asText().equals("OFFLINE"));
        assertThat(java.nio.file.Files.readAllLines(b.log())).as("B's log").noneMatch(line -> line.contains(" ERROR "));
    }
}
