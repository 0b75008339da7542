package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hex;
import io.podchain.p2p.P2pLimits;
import io.podchain.testing.BlockJsonReader;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While it fetches the blocks of a full batch of headers, a syncing node already asks for the next headers after
 * the last one it got. If the answer does not continue that header (the peer has moved to another branch), the
 * node starts over from its own stored chain instead of blaming the peer. And a peer that claims more work but has
 * no headers after our chain is caught lying once, penalised and no longer believed: it neither takes the node out
 * of readiness nor gets asked again and again. The peer is a test client that serves headers (valid ones: linked,
 * with proof of work at the expected difficulty; blocks are never sent here).
 */
class SyncContinuationIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.SYNC_CONTINUATION;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void headersThatDoNotContinueTheLastBatchRestartTheSyncFromTheStoredChain(@TempDir Path home) throws Exception {
        try (NodeProcess node = quietNode(home, NET + "41")) {
            JsonNode chain = ChainChecks.json(node.get("/api/chain").body());
            String genesis = chain.get("genesisHash").asText();
            List<BlockHeader> branchA = branchFromGenesis(node, P2pLimits.MAX_HEADERS_PER_MESSAGE, "a");
            List<BlockHeader> branchB = branchFromGenesis(node, 10, "b");
            String lastOfA = branchA.get(branchA.size() - 1).hash().toHex();
            List<List<String>> locators = new CopyOnWriteArrayList<>();

            try (RogueClient peer = new RogueClient(NET + "42", node.host(), node.port(), message -> {
                switch (message.get("type").asText()) {
                    case "PING":
                        return RogueClient.pong(message);
                    case "GET_HEADERS":
                        List<String> locator = new ArrayList<>();
                        message.get("locator").forEach(h -> locator.add(h.asText()));
                        locators.add(locator);
                        if (locators.size() == 1) {
                            return headers(branchA); // a full batch: the node will ask for more
                        }
                        if (locators.size() == 2) {
                            return headers(branchB); // not after the last header of A: another branch
                        }
                        return null; // the third request is what this test looks for
                    default:
                        return null; // GET_BLOCKS stays unanswered: the node never gets that far here
                }
            })) {
                peer.hello(chain.get("networkId").asText(), genesis, TestBlocks.key("branch-switcher"), NET + "42:1", 5_000, lastOfA, "1000000000");
                await().atMost(Duration.ofSeconds(60)).until(() -> locators.size() >= 3);

                assertThat(locators.get(0)).as("first request: locator from the stored chain").containsExactly(genesis);
                assertThat(locators.get(1)).as("asked while the batch's blocks are fetched: after its last header")
                        .containsExactly(lastOfA);
                assertThat(locators.get(2)).as("after the switch: from the stored chain again")
                        .containsExactly(genesis);
                assertThat(Files.readString(node.log())).contains("moved to another branch");
                assertThat(peer.isClosed()).as("the peer is not disconnected").isFalse();
                JsonNode peers = ChainChecks.json(node.get("/api/peers").body());
                assertThat(peers).anySatisfy(p -> {
                    assertThat(p.get("address").asText()).isEqualTo(NET + "42:1");
                    assertThat(p.get("misbehaviour").asInt()).as("not penalised").isZero();
                });
            }
        }
    }

    @Test
    void aPeerThatSwitchesBranchesOnEveryBatchIsDroppedAsMakingNoProgress(@TempDir Path home) throws Exception {
        try (NodeProcess node = quietNode(home, NET + "45")) {
            JsonNode chain = ChainChecks.json(node.get("/api/chain").body());
            String genesis = chain.get("genesisHash").asText();
            List<BlockHeader> branchA = branchFromGenesis(node, P2pLimits.MAX_HEADERS_PER_MESSAGE, "a");
            List<BlockHeader> branchB = branchFromGenesis(node, 10, "b");
            AtomicInteger headerRequests = new AtomicInteger();
            try (RogueClient peer = new RogueClient(NET + "46", node.host(), node.port(), message ->
                    switch (message.get("type").asText()) {
                        case "PING" -> RogueClient.pong(message);
                        case "GET_HEADERS" -> {
                            // from the stored chain: a full batch of A; after A's last header: B, which does not follow
                            headerRequests.incrementAndGet();
                            yield message.get("locator").get(0).asText().equals(genesis)
                                    ? headers(branchA) : headers(branchB);
                        }
                        default -> null;
                    })) {
                peer.hello(chain.get("networkId").asText(), genesis, TestBlocks.key("switcher"),
                        NET + "46:1", 5_000, genesis, "1000000000");
                await().atMost(Duration.ofSeconds(60)).until(() -> ChainChecks.json(node.get("/api/sync").body())
                        .get("state").asText().equals("STALLED"));
                String log = Files.readString(node.log());
                assertThat(log.split("moved to another branch;", -1)).as("restarts allowed").hasSize(1 + 3);
                assertThat(log).contains("moved to another branch 4 times during one sync");
                assertThat(headerRequests.get()).as("2 per attempt: the batch and its continuation").isEqualTo(8);
                assertThat(ChainChecks.json(node.get("/api/sync").body()).get("height").asLong()).isZero();
            }
        }
    }

    @Test
    void aPeerWhoseClaimedWorkItsHeadersDoNotBackIsPenalisedAndNotBelieved(@TempDir Path home)
            throws Exception {
        try (NodeProcess node = quietNode(home, NET + "43")) {
            JsonNode chain = ChainChecks.json(node.get("/api/chain").body());
            try (RogueClient peer = new RogueClient(NET + "44", node.host(), node.port(), message ->
                    switch (message.get("type").asText()) {
                        case "PING" -> RogueClient.pong(message);
                        case "GET_HEADERS" -> json(Map.of("type", "HEADERS", "headers", List.of()));
                        default -> null;
                    })) {
                // a claim of height 2^62 and a work no chain has
                peer.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                        TestBlocks.key("empty-handed"), NET + "44:1", 1L << 62,
                        chain.get("genesisHash").asText(), "9".repeat(80));
                JsonNode reject = peer.next("REJECT");
                assertThat(reject.get("code").asText()).isEqualTo("UNBACKED_CLAIM");
                await().atMost(Duration.ofSeconds(60)).until(() -> ChainChecks.json(node.get("/api/sync").body())
                        .get("state").asText().equals("IN_SYNC"));
                JsonNode sync = ChainChecks.json(node.get("/api/sync").body());
                assertThat(sync.get("height").asLong()).isZero();
                assertThat(sync.get("bestPeerHeight").asLong()).as("only what was verified counts").isZero();
                assertThat(node.getManagement("/q/health/ready").statusCode()).as("a claim is no reason to be unready")
                        .isEqualTo(200);
                assertThat(peer.isClosed()).as("penalised, not yet banned").isFalse();
                assertThat(ChainChecks.json(node.get("/api/peers").body())).anySatisfy(p -> {
                    assertThat(p.get("address").asText()).isEqualTo(NET + "44:1");
                    assertThat(p.get("misbehaviour").asInt()).isEqualTo(50);
                    assertThat(p.get("verifiedHeight").asLong()).isZero();
                });
                assertThat(Files.readString(node.log()).split("Syncing from inbound " + NET + "44:1", -1))
                        .as("asked once, not again and again").hasSize(2);
            }
        }
    }

    /** A node that neither mines nor knows any peer: its only peer is the test's. */
    private static NodeProcess quietNode(Path home, String host) {
        return new NodeProcess(home, host, TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false").start();
    }

    /** {@code length} valid headers after the node's genesis: linked, mined at the network's initial difficulty. */
    private static List<BlockHeader> branchFromGenesis(NodeProcess node, int length, String label) {
        List<BlockHeader> headers = new ArrayList<>();
        BlockHeader parent = BlockJsonReader.read(node.get("/api/blocks/0").body()).toBlock().header();
        for (int i = 0; i < length; i++) {
            parent = TestBlocks.mine(parent, TestNetwork.PARAMS.initialDifficulty(), parent.timestamp() + 1, List.of(),
                    TestBlocks.key(label)).header();
            headers.add(parent);
        }
        return headers;
    }

    private static String headers(List<BlockHeader> headers) {
        return json(Map.of("type", "HEADERS", "headers",
                headers.stream().map(h -> Hex.encode(h.canonicalBytes())).toList()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
