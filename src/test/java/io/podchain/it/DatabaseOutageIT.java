package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.node.EmbeddedDatabase;
import io.podchain.testing.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node against an external PostgreSQL, as in Kubernetes (a sidecar or a managed server): when the database goes
 * away the node stays alive but stops being ready and says why; when it comes back the node is ready again with its
 * chain intact and keeps working. A restart would not fix a database outage, so liveness must not ask for one.
 */
class DatabaseOutageIT {
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
        try (NodeProcess node = new NodeProcess(home.resolve("node"), "127.0.0.2", env).start()) {
            await().atMost(PROBE_DEADLINE).until(() -> node.getManagement("/q/health/ready").statusCode() == 200);
            assertThat(node.post("/api/mine", "").statusCode()).isEqualTo(200);
            String tip = ChainChecks.json(node.get("/api/chain").body()).get("tipHash").asText();

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

            database = EmbeddedDatabase.start(dataDir, databasePort);
            await().atMost(PROBE_DEADLINE).until(() -> node.getManagement("/q/health/ready").statusCode() == 200);
            assertThat(ChainChecks.json(node.get("/api/chain").body()).get("tipHash").asText()).isEqualTo(tip);
            assertThat(node.post("/api/mine", "").statusCode()).isEqualTo(200);
            assertThat(ChainChecks.json(node.get("/api/chain").body()).get("height").asLong()).isEqualTo(2);
            assertThat(node.getManagement("/q/health/live").statusCode()).isEqualTo(200);
        } finally {
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
