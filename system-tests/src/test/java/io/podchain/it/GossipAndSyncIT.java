package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.ChainParams;
import io.podchain.chain.Hash;
import io.podchain.p2p.P2pLimits;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real nodes, each its own JVM and PostgreSQL on its own loopback address, connected over /p2p: a message
 * gossiped and mined everywhere, equal-work tips settling on one, new nodes catching up long chains.
 */
@Order(2) // among the longest: started first, so that the two at a time end together
class GossipAndSyncIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.GOSSIP_AND_SYNC;
    private static final ChainParams PARAMS = TestNetwork.PARAMS;
    private static final Map<String, String> ENV = TestNetwork.ENV;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
    }

    /** Nodes on NET + 2, 3, ... each told the addresses of all the others. */
    private List<NodeProcess> network(Path home, int count, boolean autoMine) {
        List<NodeProcess> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            NodeProcess node = new NodeProcess(home.resolve("node" + nodes.size()), NET + (nodes.size() + 2), ENV)
                    .env("PODCHAIN_MINING_AUTO", Boolean.toString(autoMine));
            nodes.add(node);
            created.add(node);
        }
        String all = nodes.stream().map(NodeProcess::p2pAddress).collect(Collectors.joining(","));
        created.forEach(n -> n.env("PODCHAIN_DISCOVERY_PEERS", all));
        created.forEach(NodeProcess::start);
        return created;
    }

    private static JsonNode chain(NodeProcess node) {
        return ChainChecks.json(node.get("/api/chain").body());
    }

    @Test
    void aMessageSubmittedOnOneNodeIsMinedAndReachesEveryNode(@TempDir Path home) {
        List<NodeProcess> net = network(home, 3, true);
        await().atMost(Duration.ofSeconds(60)).until(() -> net.stream()
                .allMatch(n -> ChainChecks.json(n.get("/api/sync").body()).get("peers").asInt() == 2));
        String id = ChainChecks.json(net.get(0).post("/api/messages",
                "{\"recipient\":\"everyone\",\"content\":\"over the network\"}").body()).get("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> net.stream()
                .allMatch(n -> n.get("/api/messages/" + id).body().contains("CONFIRMED")));
        // and they converge on one chain (mining races may fork briefly; the next block settles it)
        net.get(1).post("/api/mine", "");
        await().atMost(Duration.ofSeconds(60)).until(() -> net.stream()
                .map(n -> chain(n).get("tipHash").asText()).distinct().count() == 1);
        for (NodeProcess node : net) {
            ChainChecks.assertConsistent(node::getBody, PARAMS);
        }
    }

    /**
     * Two nodes that mined competing blocks at the same height while apart (here: before they knew each other; in
     * a cluster: one was restarting) have equal work. The tie rule is the chain's: the smaller tip hash wins, so
     * the node on the larger one must ask the other for its chain, though that claims no more work.
     */
    @Test
    void twoNodesWhoseTipsTieInWorkEndOnTheSmallerHash(@TempDir Path home) {
        NodeProcess a = new NodeProcess(home.resolve("a"), NET + "2", ENV).env("PODCHAIN_MINING_AUTO", "false");
        NodeProcess b = new NodeProcess(home.resolve("b"), NET + "3", ENV).env("PODCHAIN_MINING_AUTO", "false");
        nodes.add(a);
        nodes.add(b);
        a.start();
        b.start();
        String tipA = ChainChecks.json(a.post("/api/mine", "").body()).get("hash").asText();
        String tipB = ChainChecks.json(b.post("/api/mine", "").body()).get("hash").asText();
        assertThat(tipA).isNotEqualTo(tipB);
        assertThat(chain(a).get("cumulativeWork").asText()).isEqualTo(chain(b).get("cumulativeWork").asText());
        String smaller = Hash.fromHex(tipA).compareTo(Hash.fromHex(tipB)) < 0 ? tipA : tipB;

        b.stop();
        b.env("PODCHAIN_DISCOVERY_PEERS", a.p2pAddress()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> chain(a).get("tipHash").asText().equals(smaller)
                && chain(b).get("tipHash").asText().equals(smaller));
        for (NodeProcess node : List.of(a, b)) {
            assertThat(ChainChecks.json(node.get("/api/peers").body()).toString())
                    .as("nobody was penalised for the tie").doesNotContain("BANNED");
            ChainChecks.assertConsistent(node::getBody, PARAMS);
        }
    }

    @Test
    void aNewNodeCatchesUpALongChain(@TempDir Path home) {
        NodeProcess miner = network(home, 1, false).get(0);
        int blocks = 2_100;
        for (int i = 0; i < blocks; i++) {
            assertThat(miner.post("/api/mine", "").statusCode()).isEqualTo(200);
        }
        NodeProcess fresh = new NodeProcess(home.resolve("node" + nodes.size()), NET + (nodes.size() + 2), ENV)
                .env("PODCHAIN_MINING_AUTO", "false").env("PODCHAIN_SYNC_SETTLE_TIME", "5s")
                .env("PODCHAIN_DISCOVERY_PEERS", miner.p2pAddress());
        nodes.add(fresh);
        fresh.start();
        // a node that has not caught up is not ready, and says why
        var notReady = fresh.getManagement("/q/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        JsonNode syncCheck = null;
        for (JsonNode check : ChainChecks.json(notReady.body()).get("checks")) {
            if (check.get("name").asText().equals("podchain-sync")) {
                syncCheck = check;
            }
        }
        assertThat(syncCheck).isNotNull();
        assertThat(syncCheck.get("status").asText()).isEqualTo("DOWN");
        assertThat(syncCheck.get("data").get("failing").asText()).isIn("sync-state", "syncing", "blocks-behind");
        // alive all along while the long sync progresses, then ready
        await().atMost(Duration.ofSeconds(240)).until(() -> {
            assertThat(fresh.getManagement("/q/health/live").statusCode()).isEqualTo(200);
            return chain(fresh).get("height").asLong() == blocks;
        });
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fresh.getManagement("/q/health/ready").statusCode() == 200);
        assertThat(chain(fresh).get("tipHash").asText()).isEqualTo(chain(miner).get("tipHash").asText());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ChainChecks.json(fresh.get("/api/sync").body()).get("state").asText().equals("IN_SYNC"));
        ChainChecks.assertConsistent(fresh::getBody, PARAMS);
    }

    /**
     * Pages of these blocks are larger than a BLOCKS message may be, so the serving node answers each request with
     * fewer blocks than asked; the syncing node asks again from the gap (and ignores the answer to the request it
     * had already sent for the blocks after it) until it has them all.
     */
    @Test
    void aNewNodeCatchesUpAChainWhosePagesExceedTheMessageLimit(@TempDir Path home) throws Exception {
        NodeProcess miner = network(home, 1, false).get(0);
        int blocks = 400;
        int messagesPerBlock = 3;
        int contentBytes = 4_000;
        assertThat((long) blocks * messagesPerBlock * contentBytes * 2).as("hex of the chain's message contents")
                .isGreaterThan(P2pLimits.MAX_PAGE_BYTES);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            for (int m = 0; m < messagesPerBlock; m++) {
                String content = (i + "/" + m + " ").repeat(contentBytes).substring(0, contentBytes);
                var accepted = miner.post("/api/messages", "{\"recipient\":\"bulk\",\"content\":\"" + content + "\"}");
                assertThat(accepted.statusCode()).isEqualTo(202);
                ids.add(ChainChecks.json(accepted.body()).get("id").asText());
            }
            assertThat(miner.post("/api/mine", "").statusCode()).isEqualTo(200);
        }
        assertThat(chain(miner).get("height").asLong()).isEqualTo(blocks);
        NodeProcess fresh = new NodeProcess(home.resolve("node" + nodes.size()), NET + (nodes.size() + 2), ENV)
                .env("PODCHAIN_MINING_AUTO", "false").env("PODCHAIN_DISCOVERY_PEERS", miner.p2pAddress());
        nodes.add(fresh);
        fresh.start();
        await().atMost(Duration.ofSeconds(180)).until(() -> chain(fresh).get("height").asLong() == blocks);
        assertThat(chain(fresh).get("tipHash").asText()).isEqualTo(chain(miner).get("tipHash").asText());
        for (String id : List.of(ids.get(0), ids.get(ids.size() / 2), ids.get(ids.size() - 1))) {
            assertThat(fresh.get("/api/messages/" + id).body()).contains("CONFIRMED");
        }
        assertThat(ChainChecks.json(fresh.get("/api/peers").body())).as("the honest peer is not penalised")
                .allSatisfy(peer -> assertThat(peer.get("misbehaviour").asInt()).isZero());
        ChainChecks.assertConsistent(fresh::getBody, PARAMS);
        assertLargeMessagesTravelAsOneFrame(miner);
    }

    /**
     * A page of these blocks is far larger than a default 64 KiB WebSocket frame; it must still be one frame, or a
     * message sent meanwhile from another thread (a PONG answered on the event loop) could be written between its
     * frames, and the receiver would close the connection (this happened mid-sync before frames were unlimited).
     */
    private static void assertLargeMessagesTravelAsOneFrame(NodeProcess node) throws Exception {
        JsonNode page = ChainChecks.json(node.get("/api/blocks?fromHeight=1&limit=40").body());
        List<String> hashes = new ArrayList<>();
        page.get("blocks").forEach(block -> hashes.add(block.get("hash").asText()));
        JsonNode chain = chain(node);
        try (RogueClient peer = new RogueClient(NET + "1", node.host(), node.port(), message ->
                message.get("type").asText().equals("PING")
                        ? "{\"type\":\"PONG\",\"nonce\":" + message.get("nonce").asLong() + "}" : null)) {
            peer.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                    TestBlocks.key("frame-counter"), NET + "1:1", 0,
                    chain.get("genesisHash").asText(), "1");
            peer.next("HELLO");
            peer.send(new ObjectMapper().writeValueAsString(Map.of("type", "GET_BLOCKS", "hashes", hashes)));
            JsonNode blocks = peer.next("BLOCKS");
            assertThat(blocks.get("blocks")).hasSize(hashes.size());
            assertThat(blocks.toString().length()).as("the page exceeds a default frame").isGreaterThan(65_536 * 4);
            assertThat(blocks.get(RogueClient.FRAMES).asInt()).as("frames carrying the page").isEqualTo(1);
        }
    }
}
