package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.node.EmbeddedDatabase;
import io.podchain.testing.BlockJsonReader;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node against an external PostgreSQL, as in Kubernetes (a sidecar or a managed server): when the database goes
 * away the node stays alive but stops being ready and says why; when it comes back the node is ready again with its
 * chain intact and keeps working. A restart would not fix a database outage, so liveness must not ask for one. A
 * block a peer sent during the outage could not be stored: the node must take it when it is sent again, not
 * discard it as already seen.
 */
class DatabaseOutageIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.DATABASE_OUTAGE;
    private static final Duration PROBE_DEADLINE = Duration.ofSeconds(60);

    @Test
    void readinessFollowsTheDatabaseWhileTheNodeStaysAlive(@TempDir Path home) throws Exception {
        Path dataDir = home.resolve("postgres");
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
        int databasePort = database.port();
        Map<String, String> env = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", EmbeddedDatabase.USER,
                "PODCHAIN_NETWORK_ID", "outage-test",
                "PODCHAIN_NETWORK_INITIAL_DIFFICULTY", "4",
                "PODCHAIN_NETWORK_MIN_DIFFICULTY", "1",
                "PODCHAIN_MINING_AUTO", "false");
        RogueClient peer = null;
        try (NodeProcess node = new NodeProcess(home.resolve("node"), NET + "2", env).start()) {
            await().atMost(PROBE_DEADLINE).until(() -> node.getManagement("/q/health/ready").statusCode() == 200);
            assertThat(node.post("/api/mine", "").statusCode()).isEqualTo(200);
            JsonNode chain = ChainChecks.json(node.get("/api/chain").body());
            String tip = chain.get("tipHash").asText();
            BlockHeader tipHeader = BlockJsonReader.read(node.get("/api/blocks/" + tip).body()).toBlock().header();
            Block fromPeer = TestBlocks.mine(tipHeader, chain.get("difficulty").asInt(),
                    Math.max(System.currentTimeMillis(), tipHeader.timestamp() + 1), List.of(),
                    TestBlocks.key("outage-peer-miner"));
            peer = new RogueClient(NET + "3", node.host(), node.port(), message -> message.get("type").asText().equals("PING") ? RogueClient.pong(message) : null);
            peer.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                    TestBlocks.key("outage-peer"), NET + "3:" + node.port(), 1, tip,
                    chain.get("cumulativeWork").asText());
            peer.next("HELLO");
            await("the peer's proof to be taken").atMost(PROBE_DEADLINE).until(() ->
                    ChainChecks.json(node.get("/api/sync").body()).get("peers").asInt() == 1);

            database.close();
            await().atMost(PROBE_DEADLINE).until(() -> node.getManagement("/q/health/ready").statusCode() == 503);
            JsonNode ready = ChainChecks.json(node.getManagement("/q/health/ready").body());
            assertThat(check(ready, "podchain-sync").get("status").asText()).isEqualTo("DOWN");
            assertThat(check(ready, "podchain-sync").get("data").get("failing").asText()).isEqualTo("database");
            assertThat(node.getManagement("/q/health/live").statusCode()).isEqualTo(200);
            var unavailable = node.get("/api/chain");
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(ChainChecks.json(unavailable.body()).get("type").asText()).endsWith("database-unavailable");
            peer.send(RogueClient.announce(fromPeer));
            await("the node to fail storing the peer's block").atMost(PROBE_DEADLINE)
                    .until(() -> Files.readString(node.log()).contains("Could not store block " + fromPeer.hash()));

            database = EmbeddedDatabase.start(dataDir, databasePort);
            await().atMost(PROBE_DEADLINE).until(() -> node.getManagement("/q/health/ready").statusCode() == 200);
            assertThat(ChainChecks.json(node.get("/api/chain").body()).get("tipHash").asText()).isEqualTo(tip);
            peer.send(RogueClient.announce(fromPeer));
            await("the block sent again to be stored").atMost(PROBE_DEADLINE).until(() -> ChainChecks.json(
                    node.get("/api/chain").body()).get("tipHash").asText().equals(fromPeer.hash().toHex()));
            assertThat(node.post("/api/mine", "").statusCode()).isEqualTo(200);
            assertThat(ChainChecks.json(node.get("/api/chain").body()).get("height").asLong()).isEqualTo(3);
            assertThat(node.getManagement("/q/health/live").statusCode()).isEqualTo(200);
        } finally {
            if (peer != null) {
                peer.close();
            }
            database.close();
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
