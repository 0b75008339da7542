package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.chain.ChainParams;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.TestDnsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network as Kubernetes runs it: pods that start at the same instant and find each other through DNS, nodes that
 * mine the same messages at once, and nodes killed and restarted while messages keep coming. Nobody is banned for
 * what honest nodes do, and a network at rest agrees on one tip.
 */
@Order(1) // among the longest: started first, so that the two at a time end together
class MeshIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.MESH;
    private static final String NAME = "podchain-headless.mesh.svc.cluster.local";
    /** Rounds of five simultaneous starts: a race that hits one start in two shows up here. */
    private static final int SIMULTANEOUS_STARTS = 3;
    /** Kills and restarts, one node at a time, while messages keep coming. */
    private static final int RESTARTS = 4;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
    }

    private static JsonNode json(NodeProcess node, String path) {
        return ChainChecks.json(node.get(path).body());
    }

    private static int peers(NodeProcess node) {
        return json(node, "/api/sync").get("peers").asInt();
    }

    /** Nobody in the node's registry is banned or has earned misbehaviour. */
    private static void assertNobodyPenalised(NodeProcess node) {
        assertThat(json(node, "/api/peers")).as("registry of " + node.baseUrl()).allSatisfy(row -> {
            assertThat(row.get("status").asText()).isNotEqualTo("BANNED");
            assertThat(row.get("misbehaviour").asInt()).isZero();
        });
    }

    @Test
    void fiveNodesStartedAtTheSameInstantFormAFullMeshThroughDnsWithNobodyBanned(@TempDir Path home)
            throws Exception {
        List<String> ips = IntStream.rangeClosed(71, 75).mapToObj(i -> NET + i).toList();
        int port = NodeProcess.portFreeOnAll(ips);
        try (TestDnsServer dns = new TestDnsServer(NAME)) {
            dns.answer(ips, port);
            Map<String, String> env = new HashMap<>(TestNetwork.ENV);
            env.put("PODCHAIN_DISCOVERY_DNS_NAME", NAME);
            env.put("PODCHAIN_DISCOVERY_DNS_SERVER", dns.address());
            env.put("PODCHAIN_DISCOVERY_INTERVAL", "1s");
            env.put("PODCHAIN_MINING_AUTO", "false");
            for (int round = 0; round < SIMULTANEOUS_STARTS; round++) {
                List<NodeProcess> mesh = new ArrayList<>();
                for (String ip : ips) {
                    mesh.add(new NodeProcess(home.resolve("round" + round).resolve(ip), ip, port, env));
                }
                nodes.addAll(mesh);
                mesh.forEach(NodeProcess::launch);
                mesh.forEach(NodeProcess::awaitServing);
                await("round " + round + ": a full mesh").atMost(Duration.ofSeconds(120))
                        .until(() -> mesh.stream().allMatch(n -> peers(n) == ips.size() - 1));
                mesh.forEach(MeshIT::assertNobodyPenalised);
                assertThat(mesh).allSatisfy(n -> assertThat(json(n, "/api/peers")).hasSize(ips.size() - 1));
                for (NodeProcess node : mesh) {
                    node.close();
                }
                nodes.removeAll(mesh);
            }
        }
    }

    /** The default pace (0.5) of the default target block time. */
    private static final long PACE_MILLIS = ChainParams.DEFAULT_TARGET_BLOCK_TIME.toMillis() / 2;

    /** Three auto-mining nodes on NET + x, each told the others' addresses. */
    private List<NodeProcess> miners(Path home, int first) {
        List<NodeProcess> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(new NodeProcess(home.resolve("node" + i), NET + (first + i), TestNetwork.ENV)
                    .env("PODCHAIN_MINING_AUTO", "true"));
        }
        String all = created.stream().map(NodeProcess::p2pAddress).collect(Collectors.joining(","));
        created.forEach(n -> n.env("PODCHAIN_DISCOVERY_PEERS", all));
        nodes.addAll(created);
        created.forEach(NodeProcess::launch);
        created.forEach(NodeProcess::awaitServing);
        await().atMost(Duration.ofSeconds(60)).until(() -> created.stream().allMatch(n -> peers(n) == 2));
        return created;
    }

    private static String submit(NodeProcess node, String content) {
        var answer = node.post("/api/messages", "{\"recipient\":\"mesh\",\"content\":\"" + content + "\"}");
        return answer.statusCode() == 202 ? ChainChecks.json(answer.body()).get("id").asText() : null;
    }

    private static String tip(NodeProcess node) {
        return json(node, "/api/chain").get("tipHash").asText();
    }

    @Test
    void minersRacingForTheSameMessagesAgreeOnOneTipAndMineNoEmptyBlocks(@TempDir Path home) throws Exception {
        List<NodeProcess> net = miners(home, 81);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(net.size());
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (NodeProcess node : net) {
                sent.add(clients.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        ids.add(submit(node, node.host() + " " + i));
                    }
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            clients.shutdown();
        }
        assertThat(ids).hasSize(45).doesNotContainNull();
        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id -> net.stream()
                .allMatch(n -> n.get("/api/messages/" + id).body().contains("CONFIRMED"))));
        await("one tip, at rest").atMost(Duration.ofSeconds(15))
                .until(() -> net.stream().map(MeshIT::tip).distinct().count() == 1);
        for (NodeProcess node : net) {
            long height = ChainChecks.assertConsistent(node::getBody, TestNetwork.PARAMS);
            long parentTimestamp = io.podchain.chain.Genesis.TIMESTAMP;
            for (long from = 1; from <= height; from += 100) {
                for (JsonNode block : json(node, "/api/blocks?fromHeight=" + from + "&limit=100").get("blocks")) {
                    assertThat(block.get("messages")).as("block " + block.get("height") + " is not empty").isNotEmpty();
                    // auto-mining is paced: half the target block time after the parent before a search starts
                    assertThat(block.get("timestamp").asLong() - parentTimestamp).as("block " + block.get("height")
                            + " after its parent").isGreaterThanOrEqualTo(PACE_MILLIS);
                    parentTimestamp = block.get("timestamp").asLong();
                }
            }
            assertNobodyPenalised(node);
        }
    }

    @Test
    void nodesKilledAndRestartedUnderLoadNeverBanEachOtherAndLoseNoAcknowledgedMessage(@TempDir Path home)
            throws Exception {
        List<NodeProcess> net = miners(home, 91);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<?> stream = client.submit(() -> {
            for (int i = 0; sending.get(); i++) {
                try {
                    String id = submit(net.get(i % net.size()), "steady " + i);
                    if (id != null) {
                        acknowledged.add(id);
                    }
                } catch (RuntimeException nodeDown) {
                    // the node is being restarted: the message was not acknowledged
                }
            }
        });
        try {
            for (int round = 0; round < RESTARTS; round++) {
                NodeProcess victim = net.get(round % net.size());
                int before = acknowledged.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > before + 5);
                victim.kill9();
                victim.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> peers(victim) == 2);
            }
        } finally {
            sending.set(false);
            stream.get();
            client.shutdown();
        }
        assertThat(acknowledged).isNotEmpty();
        await().atMost(Duration.ofSeconds(180)).until(() -> acknowledged.stream().allMatch(id -> net.stream()
                .allMatch(n -> n.get("/api/messages/" + id).body().contains("CONFIRMED"))));
        await("one tip, at rest").atMost(Duration.ofSeconds(30))
                .until(() -> net.stream().map(MeshIT::tip).distinct().count() == 1);
        for (NodeProcess node : net) {
            ChainChecks.assertConsistent(node::getBody, TestNetwork.PARAMS);
            assertNobodyPenalised(node);
            assertThat(peers(node)).isEqualTo(2);
        }
    }
}
