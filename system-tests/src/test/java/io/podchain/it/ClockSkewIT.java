package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One node's clock 2 hours off, under libfaketime (Debian's, installed by {@code .ci/run}), beside two honest nodes,
 * all auto-mining: the honest pair goes on confirming every message it acknowledged, with the skewed node and after
 * it has stopped; the blocks one side finds ahead of its clock are refused with {@code TIMESTAMP_TOO_NEW} and no
 * node is penalised for the other's clock.
 */
class ClockSkewIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.CLOCK_SKEW;
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int MESSAGES = 10;

    /** libfaketime's library, wherever the platform's multiarch directory is. */
    private static Path libfaketime() throws IOException {
        try (DirectoryStream<Path> lib = Files.newDirectoryStream(Path.of("/usr/lib"))) {
            for (Path dir : lib) {
                Path candidate = dir.resolve("faketime").resolve("libfaketime.so.1");
                if (Files.exists(candidate)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("libfaketime is not installed (Debian's libfaketime; .ci/run installs it)");
    }

    private static JsonNode get(NodeProcess node, String path) {
        return ChainChecks.json(node.get(path).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+2h", "-2h"})
    void oneWrongClockStopsNeitherTheNetworkNorAnyPeer(String skew, @TempDir Path home) throws Exception {
        int block = skew.startsWith("+") ? 1 : 2;
        List<String> hosts = List.of(NET + block + "1", NET + block + "2", NET + block + "3");
        int port = NodeProcess.portFreeOnAll(hosts);
        Map<String, String> env = new HashMap<>(TestNetwork.ENV);
        env.put("PODCHAIN_MINING_AUTO", "true");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (String host : hosts) {
                List<String> others = hosts.stream().filter(h -> !h.equals(host)).map(h -> h + ":" + port).toList();
                nodes.add(new NodeProcess(home.resolve(host), host, port, env)
                        .env("PODCHAIN_DISCOVERY_PEERS", String.join(",", others)));
            }
            NodeProcess a = nodes.get(0);
            NodeProcess b = nodes.get(1);
            NodeProcess skewed = nodes.get(2)
                    .env("LD_PRELOAD", libfaketime().toString())
                    .env("FAKETIME", skew)
                    // the JVM's timed waits use the monotonic clock: left real, or the skewed node crawls
                    .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
                    .env("FAKETIME_FORCE_MONOTONIC_FIX", "0")
                    // its PostgreSQL keeps the real clock: the node's clock is the one under test
                    .env("FAKETIME_SKIP_CMDS", "postgres,initdb,pg_ctl");
            nodes.forEach(NodeProcess::launch);
            nodes.forEach(NodeProcess::awaitServing);
            await("a mesh").atMost(DEADLINE).until(() -> nodes.stream()
                    .allMatch(n -> get(n, "/api/sync").get("peers").asInt() == 2));

            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                NodeProcess to = i % 2 == 0 ? a : b;
                acknowledged.add(ChainChecks.json(to.post("/api/messages",
                        "{\"recipient\":\"skew\",\"content\":\"honest " + i + "\"}").body()).get("id").asText());
            }
            awaitConfirmed(List.of(a, b), acknowledged);
            // whichever side is ahead of the other's clock has its blocks refused by it, for the rule, not the peer
            NodeProcess refusing = skew.startsWith("+") ? a : skewed;
            await("a block refused for its timestamp").atMost(DEADLINE).until(() ->
                    Files.readString(refusing.log()).contains("ahead of this node's clock; its producer's clock or"
                            + " this node's is wrong"));
            for (NodeProcess node : nodes) {
                assertThat(get(node, "/api/peers")).as("peers of %s", node.host()).allSatisfy(peer -> {
                    assertThat(peer.get("status").asText()).isNotEqualTo("BANNED");
                    assertThat(peer.get("misbehaviour").asInt()).isZero();
                });
                assertThat(get(node, "/api/sync").get("peers").asInt()).as("peers of %s", node.host()).isEqualTo(2);
            }

            skewed.stop();
            String alone = ChainChecks.json(a.post("/api/messages",
                    "{\"recipient\":\"skew\",\"content\":\"the honest pair alone\"}").body()).get("id").asText();
            awaitConfirmed(List.of(a, b), List.of(alone));
        } finally {
            for (NodeProcess node : nodes) {
                try {
                    node.close();
                } catch (IOException | UncheckedIOException e) {
                    // the others are still closed
                }
            }
        }
    }

    private static void awaitConfirmed(List<NodeProcess> nodes, List<String> ids) {
        await("every acknowledged message confirmed on the honest nodes").atMost(DEADLINE).until(() -> nodes.stream()
                .allMatch(node -> ids.stream().allMatch(id -> node.get("/api/messages/" + id).body()
                        .contains("\"CONFIRMED\""))));
    }
}
