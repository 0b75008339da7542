package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hex;
import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.testing.BlockJsonReader;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer's block is relayed once its own checks and its header pass, before the store reads anything (the
 * propagation hop without the database). The one rule checked only after that, a message the branch already holds,
 * then keeps the block out of the chain, and its producer, whose signature it carries, is to blame, not the peer
 * that relayed it in good faith.
 */
class EarlyRelayIT {
    private static final String NET = TestNetwork.EARLY_RELAY;
    @TempDir
    static Path home;
    static NodeProcess node;
    /** A message the main chain holds. */
    static Message confirmed;

    @BeforeAll
    static void startNode() {
        node = new NodeProcess(home, NET + "2", TestNetwork.ENV).env("PODCHAIN_MINING_AUTO", "false").start();
        node.post("/api/messages", "{\"recipient\":\"early\",\"content\":\"held by the chain\"}");
        String hash = ChainChecks.json(node.post("/api/mine", "").body()).get("hash").asText();
        confirmed = BlockJsonReader.read(node.get("/api/blocks/" + hash).body()).toBlock().messages().get(0);
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    private static JsonNode chain() {
        return ChainChecks.json(node.get("/api/chain").body());
    }

    /** A proven peer from {@code NET + lastOctet} with {@code key}, answering PINGs. */
    private static RogueClient peer(int lastOctet, SigningKey key) throws Exception {
        RogueClient peer = new RogueClient(NET + lastOctet, node.host(), node.port(),
                m -> m.get("type").asText().equals("PING") ? RogueClient.pong(m) : null);
        JsonNode chain = chain();
        peer.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), key,
                NET + lastOctet + ":1", 0, chain.get("genesisHash").asText(), "1");
        peer.next("HELLO");
        await().atMost(Duration.ofSeconds(30)).until(() -> node.get("/api/peers").body()
                .contains(key.publicKey().toHex()));
        return peer;
    }

    /** A block on the tip, mined and signed by {@code producer}, with the right difficulty and timestamp. */
    private static Block onTip(List<Message> messages, SigningKey producer) {
        JsonNode chain = chain();
        BlockHeader tip = BlockJsonReader.read(node.get("/api/blocks/" + chain.get("tipHash").asText()).body())
                .toBlock().header();
        return TestBlocks.mine(tip, chain.get("difficulty").asInt(),
                Math.max(System.currentTimeMillis(), tip.timestamp() + 1), messages, producer);
    }

    private static String relayedHash(JsonNode announcement) {
        return Block.decode(Hex.decode(announcement.get("block").asText(), "block")).hash().toHex();
    }

    @Test
    void aValidBlockIsRelayedAndStored() throws Exception {
        try (RogueClient observer = peer(10, TestBlocks.key("early-observer-1"));
                RogueClient relayer = peer(11, TestBlocks.key("early-relayer-1"))) {
            Block block = onTip(List.of(), TestBlocks.key("early-honest-producer"));
            relayer.send(RogueClient.announce(block));
            assertThat(relayedHash(observer.next("BLOCK"))).isEqualTo(block.hash().toHex());
            await().atMost(Duration.ofSeconds(30)).until(() -> chain().get("tipHash").asText()
                    .equals(block.hash().toHex()));
        }
    }

    @Test
    void aBlockThatBreaksTheAfterRelayRuleIsRelayedNotStoredAndItsProducerNotItsRelayerIsBlamed() throws Exception {
        SigningKey producer = TestBlocks.key("early-dishonest-producer");
        String tipBefore = chain().get("tipHash").asText();
        try (RogueClient observer = peer(20, TestBlocks.key("early-observer-2"));
                RogueClient relayer = peer(21, TestBlocks.key("early-relayer-2"))) {
            Block duplicate = onTip(List.of(confirmed), producer);
            relayer.send(RogueClient.announce(duplicate));
            // its own checks and its header pass: relayed before the store finds the message in the chain
            assertThat(relayedHash(observer.next("BLOCK"))).isEqualTo(duplicate.hash().toHex());
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(node.log())
                    .contains("its producer " + producer.publicKey().toHex() + " is to blame"));
            assertThat(node.get("/api/blocks/" + duplicate.hash().toHex()).statusCode()).isEqualTo(404);
            assertThat(chain().get("tipHash").asText()).isEqualTo(tipBefore);
            // the relayer is neither rejected nor disconnected: the next valid block from it is taken
            Block valid = onTip(List.of(), TestBlocks.key("early-honest-producer"));
            relayer.send(RogueClient.announce(valid));
            assertThat(relayedHash(observer.next("BLOCK"))).isEqualTo(valid.hash().toHex());
            assertThat(relayer.receivedSoFar()).noneMatch(m -> m.get("type").asText().equals("REJECT"));
            assertThat(relayer.isClosed()).isFalse();
        }
        // the producer's key is banned: it is refused when it comes
        try (RogueClient comes = new RogueClient(NET + "22", node.host(), node.port())) {
            JsonNode chain = chain();
            comes.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(), producer,
                    NET + "22:1", 0, chain.get("genesisHash").asText(), "1");
            assertThat(comes.next("REJECT").get("code").asText()).isEqualTo("BANNED");
        }
    }

    @Test
    void aProducerThatSendsSuchABlockItselfIsBanned() throws Exception {
        SigningKey producer = TestBlocks.key("early-producer-in-person");
        try (RogueClient observer = peer(30, TestBlocks.key("early-observer-3"));
                RogueClient itself = peer(31, producer)) {
            Block duplicate = onTip(List.of(confirmed), producer);
            itself.send(RogueClient.announce(duplicate));
            JsonNode reject = itself.next("REJECT");
            assertThat(reject.get("code").asText()).isEqualTo("INVALID_BLOCK");
            assertThat(reject.get("reason").asText()).contains("DUPLICATE_MESSAGE");
            itself.awaitClosed();
            assertThat(relayedHash(observer.next("BLOCK"))).as("relayed before the store looked")
                    .isEqualTo(duplicate.hash().toHex());
        }
    }
}
