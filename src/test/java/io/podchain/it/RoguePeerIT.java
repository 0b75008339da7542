package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.SigningKey;
import io.podchain.testing.BlockJsonReader;
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
    private static final SigningKey ROGUE_MINER = TestBlocks.key("rogue-miner");
    @TempDir
    static Path home;
    static NodeProcess node;
    static String tipBefore;
    private static final java.util.concurrent.atomic.AtomicInteger COUNTER = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void startNode() {
        node = new NodeProcess(home, "127.0.0.2", NetworkIT.ENV).env("PODCHAIN_MINING_AUTO", "false").start();
        node.post("/api/mine", "");
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
        return new RogueClient("127.0.0." + lastOctet, node.host(), node.port());
    }

    private static void hello(RogueClient rogue, String genesis) {
        JsonNode chain = chain();
        rogue.hello(chain.get("networkId").asText(), genesis,
                TestBlocks.key("rogue-" + genesis + System.nanoTime()).publicKey().toHex(),
                "127.0.0.250:" + (1000 + COUNTER.incrementAndGet()), 0, genesis, "1");
    }

    private static void validHello(RogueClient rogue) {
        hello(rogue, chain().get("genesisHash").asText());
    }

    private static Block validBlockOnTip() {
        BlockHeader tip = BlockJsonReader.read(node.get("/api/blocks/" + tipBefore).body()).toBlock().header();
        return TestBlocks.mine(tip, chain().get("difficulty").asInt(),
                Math.max(System.currentTimeMillis(), tip.timestamp() + 1), List.of(), ROGUE_MINER);
    }

    @Test
    void garbageIsRejectedWithReasonsAndRepeatedGarbageGetsBanned() throws Exception {
        try (RogueClient rogue = connect(100)) {
            rogue.send("this is not json");
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("MALFORMED");
            rogue.send("{\"type\":\"GIVE_ME_COINS\"}");
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("UNKNOWN_TYPE");
            rogue.send("{\"type\":\"PING\",\"nonce\":1}");
            assertThat(rogue.next("REJECT").get("code").asText()).isEqualTo("BAD_HANDSHAKE");
            rogue.awaitClosed();
        }
        try (RogueClient again = connect(100)) {
            assertThat(again.next("REJECT").get("code").asText()).isEqualTo("BANNED");
            again.awaitClosed();
        }
        JsonNode peers = ChainChecks.json(node.get("/api/peers").body());
        assertThat(peers.findValuesAsText("status")).contains("BANNED");
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
            rogue.send("{\"type\":\"BLOCK\",\"block\":\"" + "ab".repeat(4_800_000) + "\"}");
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
}
