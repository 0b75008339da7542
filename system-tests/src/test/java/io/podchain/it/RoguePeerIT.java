package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.SigningKey;
import io.podchain.p2p.P2pLimits;
import io.podchain.testing.BlockJsonReader;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that lies or babbles gets a REJECT with the reason, is disconnected or banned, and changes nothing: the
 * node keeps its chain and keeps serving.
 */
class RoguePeerIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.ROGUE_PEER;
    private static final SigningKey ROGUE_MINER = TestBlocks.key("rogue-miner");
    /** {@code podchain.chain.max-side-branch-blocks} here: one peer's share and a half. */
    private static final int SIDE_BRANCH_BLOCKS = P2pLimits.MAX_SIDE_BRANCH_BLOCKS_PER_PEER * 3 / 2;
    @TempDir
    static Path home;
    static NodeProcess node;
    static String tipBefore;
    private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void startNode() {
        node = new NodeProcess(home, NET + "2", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false")
                .env("PODCHAIN_CHAIN_MAX_FORK_DEPTH", "5")
                .env("PODCHAIN_CHAIN_MAX_SIDE_BRANCH_BLOCKS", Integer.toString(SIDE_BRANCH_BLOCKS)).start();
        // a chain longer than the fork bound, whose headers make answers of some size
        for (int i = 0; i < 300; i++) {
            node.post("/api/mine", "");
        }
        tipBefore = chain().get("tipHash").asText();
    }

    @AfterAll
    static void stopNode() throws Exception {
        assertThat(chain().get("tipHash").asText()).as("no rogue changed the chain").isEqualTo(tipBefore);
        assertThat(node.post("/api/mine", "").statusCode()).as("the node still serves and mines").isEqualTo(200);
        node.close();
    }

    private static JsonNode chain() {
        return ChainChecks.json(node.get("/api/chain").body());
    }

    private static RogueClient connect(int lastOctet) throws Exception {
        return new RogueClient(NET + lastOctet, node.host(), node.port());
    }

    private static void hello(RogueClient rogue, String genesis) {
        JsonNode chain = chain();
        rogue.hello(chain.get("networkId").asText(), genesis,
                TestBlocks.key("rogue-" + genesis + System.nanoTime()),
                NET + "250:" + (1000 + COUNTER.incrementAndGet()), 0, genesis, "1");
    }

    private static void validHello(RogueClient rogue) {
        hello(rogue, chain().get("genesisHash").asText());
    }

    private static Block validBlockOnTip() {
        BlockHeader tip = BlockJsonReader.read(node.get("/api/blocks/" + tipBefore).body()).toBlock().header();
        return TestBlocks.mine(tip, chain().get("difficulty").asInt(),
                Math.max(System.currentTimeMillis(), tip.timestamp() + 1), List.of(), ROGUE_MINER);
    }

    /** Before its proof a connection that breaks the rules is closed at once, and its address carries the points. */
    @Test
    void garbageIsRejectedWithReasonsAndRepeatedGarbageGetsBanned() throws Exception {
        try (RogueClient rogue = connect(100)) {
            rogue.send("this is not json");
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("MALFORMED");
            rogue.awaitClosed();
        }
        try (RogueClient rogue = connect(100)) {
            rogue.send("{\"type\":\"GIVE_ME_COINS\"}");
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("UNKNOWN_TYPE");
            rogue.awaitClosed();
        }
        try (RogueClient rogue = connect(100)) {
            rogue.send("{\"type\":\"PING\",\"nonce\":1}");
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("BAD_HANDSHAKE");
            rogue.awaitClosed();
        }
        assertThat(RogueClient.upgradeStatus(NET + "100", node.host(), node.port()))
                .as("banned: refused before the upgrade").isEqualTo(403);
        // it never proved a key: its IP is refused, and the registry of proven peers holds nothing about it
        JsonNode peers = ChainChecks.json(node.get("/api/peers").body());
        assertThat(peers.findValuesAsText("address")).noneMatch(address -> address.startsWith(NET + "100:"));
    }

    @Test
    void anotherNetworksGenesisIsRejectedAndDisconnected() throws Exception {
        try (RogueClient rogue = connect(101)) {
            hello(rogue, Hash.ZERO.toHex());
            JsonNode reject = rogue.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("WRONG_GENESIS");
            assertThat(reject.get("reason").asText()).contains(chain().get("genesisHash").asText());
            rogue.awaitClosed();
        }
    }

    @Test
    void aBlockWithoutEnoughWorkGetsItsSenderBanned() throws Exception {
        Block valid = validBlockOnTip();
        BlockHeader h = valid.header();
        Block lazy = null;
        for (long nonce = h.nonce() + 1; lazy == null; nonce++) {
            if (!ProofOfWork.meets(h.withNonce(nonce).hash(), h.difficulty())) {
                lazy = new Block(h.withNonce(nonce), List.of());
            }
        }
        try (RogueClient rogue = connect(102)) {
            validHello(rogue);
            rogue.next("HELLO");
            rogue.send(RogueClient.announce(lazy));
            JsonNode reject = rogue.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("INVALID_BLOCK");
            assertThat(reject.get("reason").asText()).contains("INSUFFICIENT_WORK");
            rogue.awaitClosed();
        }
    }

    @Test
    void aBlockWithABadSignatureIsRejected() throws Exception {
        Block valid = validBlockOnTip();
        Block forged = new Block(TestBlocks.solve(valid.header().withSignature(ROGUE_MINER.sign(Hash.ZERO))),
                List.of());
        try (RogueClient rogue = connect(103)) {
            validHello(rogue);
            rogue.next("HELLO");
            rogue.send(RogueClient.announce(forged));
            JsonNode reject = rogue.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("INVALID_BLOCK");
            assertThat(reject.get("reason").asText()).contains("INVALID_BLOCK_SIGNATURE");
            rogue.awaitClosed();
        }
    }

    @Test
    void oversizedAndMalformedFramesAreRejected() throws Exception {
        try (RogueClient rogue = connect(104)) {
            validHello(rogue);
            rogue.next("HELLO");
            rogue.send("{\"type\":\"BLOCK\",\"block\":\"" + "ab".repeat(1_600_000) + "\"}");
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("OVERSIZE");
            rogue.send("{\"type\":\"BLOCK\",\"block\":\"00ff\"}");
            assertThat(rogue.next("REJECT").get("code").asText()).as("bytes that do not decode").isEqualTo("MALFORMED");
            rogue.awaitClosed(); // 50 + 50 misbehaviour: banned
        }
        try (RogueClient rogue = connect(106)) {
            validHello(rogue);
            rogue.next("HELLO");
            rogue.send("{\"type\":\"BLOCK\",\"block\":\"zz\"}");
            assertThat(rogue.next("REJECT").get("reason").asText()).contains("not hex");
        }
        try (RogueClient huge = connect(105)) {
            huge.send("{\"type\":\"BLOCK\",\"block\":\"" + "ab".repeat(6 * 1024 * 1024) + "\"}");
            huge.awaitClosed();
        }
    }

    @Test
    void aLongNumberIsRefusedBeforeItIsParsedAndALongHelloBeforeItIsRead() throws Exception {
        JsonNode chain = chain();
        java.util.function.IntFunction<String> hello = digits -> "{\"type\":\"HELLO\",\"protocolVersion\":2,"
                + "\"networkId\":\"" + chain.get("networkId").asText() + "\",\"genesisHash\":\""
                + chain.get("genesisHash").asText() + "\",\"nodeKey\":\"" + TestBlocks.key("digits").publicKey().toHex()
                + "\",\"advertisedAddress\":\"" + NET + "107:1\",\"challenge\":\"" + RogueClient.randomChallenge()
                + "\",\"height\":0,\"tipHash\":\"" + chain.get("genesisHash").asText() + "\",\"cumulativeWork\":\""
                + "9".repeat(digits) + "\"}";
        try (RogueClient rogue = connect(107)) {
            rogue.send(hello.apply(1_000));
            JsonNode reject = rogue.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("OVERSIZE");
            assertThat(reject.get("reason").asText()).contains("1000 digits");
        }
        try (RogueClient rogue = connect(112)) {
            rogue.send(hello.apply(3_000_000));
            JsonNode reject = rogue.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("OVERSIZE");
            assertThat(reject.get("reason").asText()).contains("before the handshake");
            rogue.awaitClosed();
        }
    }

    /**
     * A side branch from genesis on a chain longer than {@code podchain.chain.max-fork-depth} (5 here): not stored,
     * and not held against its sender, who may be an honest node back from a long partition.
     */
    @Test
    void aSideBranchFromGenesisBeyondTheForkBoundIsNotStored() throws Exception {
        JsonNode chain = chain();
        BlockHeader genesis = BlockJsonReader.read(node.get("/api/blocks/0").body()).toBlock().header();
        Block fromGenesis = TestBlocks.mine(genesis, TestNetwork.PARAMS.initialDifficulty(), genesis.timestamp() + 1,
                List.of(), ROGUE_MINER);
        try (RogueClient rogue = connect(108)) {
            rogue.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), TestBlocks.key("old-branch"),
                    NET + "108:1", 1, fromGenesis.hash().toHex(), "1");
            rogue.next("HELLO");
            rogue.send(RogueClient.announce(fromGenesis));
            awaitLog("from inbound " + NET + "108:");
            assertThat(node.get("/api/blocks/" + fromGenesis.hash().toHex()).statusCode()).isEqualTo(404);
            assertThat(rogue.isClosed()).isFalse();
        }
    }

    /**
     * Finality: a member offers a branch from genesis with more work than the node's chain (310 blocks against 300,
     * over {@code podchain.chain.max-fork-depth} 5 here), through headers-first sync and as blocks. The node checks
     * its headers, refuses to fetch or store it, says so in its log, stays on its chain and reports the split in
     * its readiness while that peer is all it has; nobody is penalised (an honest node back from a long partition
     * offers the same).
     */
    @Test
    void aHeavierBranchBelowTheFinalDepthIsRefusedThroughHeadersAndAsBlocks() throws Exception {
        JsonNode chain = chain();
        Block genesis = BlockJsonReader.read(node.get("/api/blocks/0").body()).toBlock();
        long ours = chain.get("height").asLong();
        List<Block> branch = new java.util.ArrayList<>();
        BlockHeader parent = genesis.header();
        for (int i = 0; i < ours + 10; i++) {
            Block next = TestBlocks.mine(parent, TestNetwork.PARAMS.initialDifficulty(), parent.timestamp() + 1_000,
                    List.of(), ROGUE_MINER);
            branch.add(next);
            parent = next.header();
        }
        java.math.BigInteger work = new java.math.BigInteger(chain.get("cumulativeWork").asText())
                .add(io.podchain.chain.ProofOfWork.work(TestNetwork.PARAMS.initialDifficulty())
                        .multiply(java.math.BigInteger.TEN));
        String headers = "{\"type\":\"HEADERS\",\"headers\":[" + branch.stream()
                .map(b -> "\"" + io.podchain.chain.Hex.encode(b.header().canonicalBytes()) + "\"")
                .collect(java.util.stream.Collectors.joining(",")) + "]}";
        try (RogueClient rogue = new RogueClient(NET + "113", node.host(), node.port(),
                m -> switch (m.get("type").asText()) {
                    case "GET_HEADERS" -> headers;
                    case "PING" -> RogueClient.pong(m);
                    default -> null;
                })) {
            rogue.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                    TestBlocks.key("heavier-branch"), NET + "113:1", ours + 10, parent.hash().toHex(),
                    work.toString());
            rogue.next("HELLO");
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> java.nio.file.Files.readString(node.log())
                    .contains("offers a heavier branch that conflicts with this node's final history"));
            JsonNode readiness = ChainChecks.json(node.getManagement("/q/health/ready").body());
            assertThat(readiness.get("status").asText()).as("the split is visible").isEqualTo("DOWN");
            assertThat(readiness.toString()).contains("conflicting-final-history");
            rogue.send(RogueClient.announce(branch.get(0)));
            rogue.send(RogueClient.announce(branch.get(branch.size() - 1)));
            awaitLog("from inbound " + NET + "113:");
            assertThat(node.get("/api/blocks/" + branch.get(0).hash().toHex()).statusCode()).isEqualTo(404);
            assertThat(chain().get("tipHash").asText()).isEqualTo(tipBefore);
            assertThat(rogue.isClosed()).as("not held against it").isFalse();
        }
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> ChainChecks.json(
                node.getManagement("/q/health/ready").body()).get("status").asText().equals("UP"));
    }

    /**
     * Side-branch spam from members with hash power: one address stores at most its share
     * ({@link P2pLimits#MAX_SIDE_BRANCH_BLOCKS_PER_PEER}), the node at most {@code max-side-branch-blocks} in all; the
     * blocks beyond are valid, so they are dropped without blame and the senders stay connected.
     */
    @Test
    void sideBranchSpamIsBoundedPerPeerAndInAll() throws Exception {
        Block tip = BlockJsonReader.read(node.get("/api/blocks/" + tipBefore).body()).toBlock();
        Block parent = BlockJsonReader.read(node.get("/api/blocks/" + tip.header().previousHash().toHex()).body())
                .toBlock();
        BlockHeader grandparent = BlockJsonReader.read(node.get("/api/blocks/"
                + parent.header().previousHash().toHex()).body()).toBlock().header();
        java.util.concurrent.atomic.AtomicLong time = new java.util.concurrent.atomic.AtomicLong(
                parent.header().timestamp());
        // siblings of the tip's parent: valid, less work than the tip, so each one is a side-branch block
        java.util.function.Supplier<Block> sibling = () -> TestBlocks.mine(grandparent,
                TestNetwork.PARAMS.initialDifficulty(), time.incrementAndGet(), List.of(), ROGUE_MINER);
        int share = P2pLimits.MAX_SIDE_BRANCH_BLOCKS_PER_PEER;
        List<Block> first = java.util.stream.Stream.generate(sibling).limit(share + 1).toList();
        List<Block> second = java.util.stream.Stream.generate(sibling).limit(SIDE_BRANCH_BLOCKS - share + 1).toList();
        try (RogueClient one = connect(114); RogueClient two = connect(115)) {
            validHello(one);
            one.next("HELLO");
            validHello(two);
            two.next("HELLO");
            for (Block block : first) {
                one.send(RogueClient.announce(block));
            }
            // a PING is answered ahead of the inbox, so the log says when the last block was handled
            awaitLog("from inbound " + NET + "114:");
            assertThat(first.stream().map(this::stored).toList()).as("one address holds its share and no more")
                    .containsExactlyElementsOf(expected(share, 1));
            for (Block block : second) {
                two.send(RogueClient.announce(block));
            }
            awaitLog("from inbound " + NET + "115:");
            assertThat(second.stream().map(this::stored).toList()).as("the node holds its bound in all")
                    .containsExactlyElementsOf(expected(SIDE_BRANCH_BLOCKS - share, 1));
            assertThat(one.isClosed() || two.isClosed()).as("valid blocks are not held against their senders")
                    .isFalse();
        }
        assertThat(java.nio.file.Files.readString(node.log()))
                .contains("its sender's share of side-branch blocks above the final height is full")
                .contains("this node keeps " + SIDE_BRANCH_BLOCKS + " side-branch blocks above its final height");
    }

    /** Waits for a refusal logged for blocks from {@code from} (which the peers here see only for their last block). */
    private static void awaitLog(String from) {
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> java.nio.file.Files.readAllLines(node.log())
                .stream().anyMatch(line -> line.contains(from) && line.contains("not stored")));
    }

    private boolean stored(Block block) {
        return node.get("/api/blocks/" + block.hash().toHex()).statusCode() == 200;
    }

    private static List<Boolean> expected(int stored, int refused) {
        List<Boolean> expected = new java.util.ArrayList<>(java.util.Collections.nCopies(stored, Boolean.TRUE));
        expected.addAll(java.util.Collections.nCopies(refused, Boolean.FALSE));
        return expected;
    }

    /** A peer that asks and never reads: what the node queues for it is bounded, and then it is disconnected. */
    @Test
    void aPeerThatNeverReadsIsDisconnectedInsteadOfBufferedFor() throws Exception {
        JsonNode chain = chain();
        String key = TestBlocks.key("never-reads").publicKey().toHex();
        try (RogueClient rogue = connect(109)) {
            rogue.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                    TestBlocks.key("never-reads"), NET + "109:1", 0, chain.get("genesisHash").asText(), "1");
            rogue.next("HELLO");
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> node.get("/api/peers").body().contains(key));
            rogue.pauseReading();
            // each answer is the chain's 300 headers (~114 KB); 600 of them are far more than the node will queue
            String ask = "{\"type\":\"GET_HEADERS\",\"locator\":[\"" + chain.get("genesisHash").asText()
                    + "\"],\"stopHash\":\"" + Hash.ZERO.toHex() + "\"}";
            for (int i = 0; i < 600; i++) {
                rogue.send(ask);
            }
            // the node stops building answers once they would not fit what it keeps for the peer, and cuts it off
            await().atMost(java.time.Duration.ofSeconds(60)).until(() -> java.nio.file.Files.readString(node.log())
                    .contains("(NOT_READING)"));
            rogue.resumeReading();
            rogue.awaitClosed();
            // no penalty: an honest peer in a busy moment looks the same
            for (JsonNode row : ChainChecks.json(node.get("/api/peers").body())) {
                if (row.get("nodeKey").asText().equals(key)) {
                    assertThat(row.get("status").asText()).isNotEqualTo("BANNED");
                }
            }
        }
    }

    /**
     * A peer that sends requests far faster than the node handles them: what waits for it is bounded, the excess is
     * not queued and the peer is disconnected, without a ban (a healed partition does the same to honest peers).
     */
    @Test
    void aPeerThatFloodsItsInboxIsRefusedInsteadOfQueuedFor() throws Exception {
        JsonNode chain = chain();
        List<String> hashes = new java.util.ArrayList<>();
        for (JsonNode block : ChainChecks.json(node.get("/api/blocks?fromHeight=1&limit=500").body()).get("blocks")) {
            hashes.add(block.get("hash").asText());
        }
        while (hashes.size() < 500) {
            hashes.addAll(hashes.subList(0, Math.min(hashes.size(), 500 - hashes.size())));
        }
        // each request (~33 KB) makes the node read and encode a page of 500 blocks; 900 of them arrive at once
        String ask = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                java.util.Map.of("type", "GET_BLOCKS", "hashes", hashes));
        try (RogueClient rogue = connect(110)) {
            rogue.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), TestBlocks.key("flooder"),
                    NET + "110:1", 0, chain.get("genesisHash").asText(), "1");
            rogue.next("HELLO");
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> node.get("/api/peers").body()
                    .contains(TestBlocks.key("flooder").publicKey().toHex()));
            for (int i = 0; i < 900; i++) {
                rogue.send(ask);
            }
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("FLOODING");
            rogue.awaitClosed();
        }
        try (RogueClient again = connect(110)) {
            again.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), TestBlocks.key("flooder"),
                    NET + "110:1", 0, chain.get("genesisHash").asText(), "1");
            again.next("HELLO");
            again.send("{\"type\":\"PING\",\"nonce\":7}");
            assertThat(again.next("PONG").get("nonce").asLong()).as("not banned: it may come back").isEqualTo(7);
        }
    }

    /**
     * One host may hold a few connections (a pod and a duplicate being resolved), not the node's inbound slots: a
     * few handshakes at a time and a few proven connections, each refused before the upgrade beyond its limit.
     */
    @Test
    void oneAddressGetsAFewConnectionsNotAllOfThem() throws Exception {
        List<RogueClient> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < io.podchain.p2p.P2pLimits.MAX_UNPROVEN_PER_IP; i++) {
                // connected once the node answered the channel's handshake: it has taken the connection (and counted it)
                held.add(connect(111));
            }
            assertThat(RogueClient.upgradeStatus(NET + "111", node.host(), node.port()))
                    .as("one handshake too many from one address").isEqualTo(429);
            // proven connections count against the address's inbound limit, and free its handshake slots
            JsonNode chain = chain();
            for (RogueClient client : held) {
                client.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                        TestBlocks.key("one-address-" + held.indexOf(client)), NET + "111:" + (2000 + held.indexOf(client)),
                        0, chain.get("genesisHash").asText(), "1");
            }
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> held.stream().allMatch(c -> node
                    .get("/api/peers").body().contains(TestBlocks.key("one-address-" + held.indexOf(c)).publicKey()
                            .toHex())));
            while (held.size() < io.podchain.p2p.P2pLimits.MAX_INBOUND_PER_IP) {
                held.add(connect(111));
            }
            assertThat(RogueClient.upgradeStatus(NET + "111", node.host(), node.port()))
                    .as("one connection too many from one address").isEqualTo(429);
            assertThat(held).noneMatch(RogueClient::isClosed);
        } finally {
            held.forEach(RogueClient::close);
        }
    }

    @Test
    void messagesTravelOnlyWhenAskedForAndABadOneCostsItsSender() throws Exception {
        SigningKey client = TestBlocks.key("inventory-client");
        long now = System.currentTimeMillis();
        Message announced = Message.sign(client, "bob", "announced by id", now);
        Message unasked = Message.sign(client, "bob", "never announced", now);
        Message signed = Message.sign(client, "bob", "signed", now);
        Message forged = new Message(signed.sender(), "bob", "not what was signed", now, signed.signature());
        try (RogueClient rogue = connect(120)) {
            validHello(rogue);
            rogue.next("HELLO");
            rogue.send(RogueClient.inventory(announced));
            JsonNode ask = rogue.next("GET_MESSAGES");
            assertThat(ask.get("ids").size()).isEqualTo(1);
            assertThat(ask.get("ids").get(0).asText()).as("the node asks for what it lacks")
                    .isEqualTo(announced.id().toHex());
            rogue.send(RogueClient.messages(unasked));
            assertThat(rogue.next("REJECT").get("code").asText()).as("a message it did not ask for")
                    .isEqualTo("UNSOLICITED");
            assertThat(node.get("/api/messages/" + unasked.id().toHex()).statusCode()).isEqualTo(404);

            // the unanswered id was forgotten, so a new announcement is asked for again and answered
            rogue.send(RogueClient.inventory(announced));
            assertThat(rogue.next("GET_MESSAGES").get("ids").get(0).asText()).isEqualTo(announced.id().toHex());
            rogue.send(RogueClient.messages(announced));
            await().atMost(java.time.Duration.ofSeconds(30)).until(() -> node.get("/api/messages/"
                    + announced.id().toHex()).statusCode() == 200);
            assertThat(ChainChecks.json(node.get("/api/messages/" + announced.id().toHex()).body()).get("status")
                    .asText()).isEqualTo("PENDING");

            rogue.send(RogueClient.inventory(forged));
            rogue.next("GET_MESSAGES");
            rogue.send(RogueClient.messages(forged));
            JsonNode reject = rogue.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("INVALID_MESSAGE");
            assertThat(reject.get("reason").asText()).contains("signature does not verify");
            assertThat(node.get("/api/messages/" + forged.id().toHex()).statusCode()).isEqualTo(404);
        }
    }
}
