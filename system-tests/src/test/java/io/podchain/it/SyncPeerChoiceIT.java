package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.Signature;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.DelayProxy;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node picks the lowest-latency peer ahead of it to sync from, and when that peer lies it penalises it and falls
 * back to the next-lowest. Latency comes from proxies that delay each byte (20 ms and 60 ms each way); the liar is a
 * test client on loopback, the closest of all, claiming far more work than anyone.
 */
class SyncPeerChoiceIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.SYNC_PEER_CHOICE;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void syncsFromTheClosestPeerAndFallsBackToTheNextWhenItLies(@TempDir Path home) throws Exception {
        Map<String, String> env = new HashMap<>(TestNetwork.ENV);
        env.put("PODCHAIN_MINING_AUTO", "false");
        try (NodeProcess a = new NodeProcess(home.resolve("a"), NET + "31", env);
                NodeProcess b = new NodeProcess(home.resolve("b"), NET + "32", env);
                NodeProcess c = new NodeProcess(home.resolve("c"), NET + "35", env)) {
            a.start();
            for (int i = 0; i < 30; i++) {
                a.post("/api/mine", "");
            }
            JsonNode chainA = ChainChecks.json(a.get("/api/chain").body());
            b.env("PODCHAIN_DISCOVERY_PEERS", a.p2pAddress()).start();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ChainChecks.json(b.get("/api/chain").body()).get("height").asLong() == chainA.get("height").asLong());

            try (DelayProxy near = new DelayProxy(NET + "33", 0, new InetSocketAddress(a.host(), a.port()),
                    Duration.ofMillis(20));
                    DelayProxy far = new DelayProxy(NET + "34", 0, new InetSocketAddress(b.host(), b.port()),
                            Duration.ofMillis(60))) {
                c.env("PODCHAIN_DISCOVERY_PEERS", near.address() + "," + far.address())
                        .env("PODCHAIN_SYNC_SETTLE_TIME", "6s").start();
                try (RogueClient liar = new RogueClient(NET + "36", c.host(), c.port(), SyncPeerChoiceIT::lie)) {
                    liar.hello(chainA.get("networkId").asText(), chainA.get("genesisHash").asText(),
                            TestBlocks.key("liar"), NET + "36:1", 1_000_000, Hash.ZERO.toHex(),
                            "1000000000000");
                    await().atMost(Duration.ofSeconds(90)).until(() -> ChainChecks.json(c.get("/api/chain").body())
                            .get("tipHash").asText().equals(chainA.get("tipHash").asText()));
                    liar.awaitClosed();
                }
                String log = Files.readString(c.log());
                int liarChosen = log.indexOf("Syncing from inbound " + NET + "36:1");
                int liarFailed = log.indexOf("Sync from inbound " + NET + "36:1");
                // the near peer may have been chosen once before the liar's hello arrived: look after the lie
                int nearChosen = log.indexOf("Syncing from outbound " + near.address(), Math.max(liarFailed, 0));
                assertThat(liarChosen).as("the closest peer is chosen first").isNotNegative();
                assertThat(liarFailed).as("its lie is caught").isGreaterThan(liarChosen);
                assertThat(log.substring(liarFailed)).contains("BAD_SYNC_DATA");
                assertThat(nearChosen).as("then the next closest").isGreaterThan(liarFailed);
                assertThat(log).doesNotContain("Syncing from outbound " + far.address());
                JsonNode peers = ChainChecks.json(c.get("/api/peers").body());
                Map<String, Double> rtt = new HashMap<>();
                peers.forEach(p -> rtt.put(p.get("address").asText(), p.get("rttMillis").asDouble()));
                assertThat(rtt.get(near.address())).isLessThan(rtt.get(far.address()));
                ChainChecks.assertConsistent(c::getBody, TestNetwork.PARAMS);
            }
        }
    }

    /** Answers PING at once (to look close) and GET_HEADERS with headers that do not chain. */
    private static String lie(JsonNode message) {
        try {
            switch (message.get("type").asText()) {
                case "PING":
                    return RogueClient.pong(message);
                case "GET_HEADERS":
                    BlockHeader bogus = new BlockHeader(1, 1, Hash.ZERO, Hash.ZERO, 1, 1,
                            TestBlocks.key("liar").publicKey(), Signature.NONE, 0);
                    return JSON.writeValueAsString(Map.of("type", "HEADERS",
                            "headers", List.of(Hex.encode(bogus.canonicalBytes()))));
                default:
                    return null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
