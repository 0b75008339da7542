package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kubernetes node's network hiccup, as the kernel sees it: three auto-mining nodes under a steady stream of
 * messages, one cut off from the other two for a minute by packet filter rules (packets dropped both ways, so TCP
 * connections neither close nor deliver, and whatever was sent meanwhile arrives at once when the rules go), then
 * healed. The minute is longer than the finality depth (40 blocks here): the isolated node, once it knows it has no
 * peer, stops mining (it keeps accepting messages), so that healing only means catching up. Afterwards there is one
 * chain, every acknowledged message is confirmed on every node, and nobody banned anybody: what an honest node sends
 * in a burst is slowed down, never punished.
 * <p>
 * The rules are this test's own (iptables, tagged with a comment naming this process) on the nodes' loopback
 * addresses, and are removed in every case. Needs root and iptables, which {@code .ci/run} installs.
 */
@Order(3) // among the longest: started first, so that the two at a time end together
class HealedPartitionIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.HEALED_PARTITION;
    private static final List<String> HOSTS = List.of(NET + "61", NET + "62", NET + "63");
    private static final String ISOLATED = HOSTS.get(2);
    private static final Duration PARTITION = Duration.ofSeconds(60);
    private static final String TAG = "podchain-test-" + ProcessHandle.current().pid();

    private static void iptables(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    /** Drops every packet between the isolated host and the others, both ways. */
    private static List<List<String>> partitionRules() {
        List<List<String>> rules = new ArrayList<>();
        for (String other : HOSTS.subList(0, 2)) {
            rules.add(List.of("OUTPUT", "-s", ISOLATED, "-d", other, "-j", "DROP", "-m", "comment", "--comment", TAG));
            rules.add(List.of("OUTPUT", "-s", other, "-d", ISOLATED, "-j", "DROP", "-m", "comment", "--comment", TAG));
        }
        return rules;
    }

    private static void cut() throws Exception {
        for (List<String> rule : partitionRules()) {
            List<String> insert = new ArrayList<>(List.of("-I"));
            insert.addAll(rule);
            iptables(insert.toArray(String[]::new));
        }
    }

    private static void heal() throws Exception {
        for (List<String> rule : partitionRules()) {
            List<String> delete = new ArrayList<>(List.of("-D"));
            delete.addAll(rule);
            try {
                iptables(delete.toArray(String[]::new));
            } catch (IllegalStateException notThere) {
                // already removed (heal after heal, or the cut failed half-way)
            }
        }
    }

    private static JsonNode get(NodeProcess node, String path) {
        return ChainChecks.json(node.get(path).body());
    }

    @Test
    void aHealedPartitionLeavesOneChainEveryAcknowledgedMessageConfirmedAndNobodyBanned(@TempDir Path home)
            throws Exception {
        Map<String, String> env = new HashMap<>(TestNetwork.ENV);
        env.put("PODCHAIN_MINING_AUTO", "true");
        // finality at 40 blocks: the minute of partition is longer (blocks come every second or so here). The
        // isolated node mines until it notices (the ping timeout, 15 s: fewer blocks than the depth), then waits for
        // peers; the others go on
        env.put("PODCHAIN_CHAIN_MAX_FORK_DEPTH", "40");
        List<NodeProcess> nodes = new ArrayList<>();
        ExecutorService client = Executors.newSingleThreadExecutor();
        AtomicBoolean streaming = new AtomicBoolean(true);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            iptables("-L", "OUTPUT", "-n"); // fails here, clearly, without root or iptables
            int port = NodeProcess.portFreeOnAll(HOSTS);
            for (String host : HOSTS) {
                List<String> others = HOSTS.stream().filter(h -> !h.equals(host)).map(h -> h + ":" + port).toList();
                nodes.add(new NodeProcess(home.resolve(host), host, port, env)
                        .env("PODCHAIN_DISCOVERY_PEERS", String.join(",", others)).launch());
            }
            nodes.forEach(NodeProcess::awaitServing);
            await().atMost(Duration.ofSeconds(90)).until(() -> nodes.stream()
                    .allMatch(n -> get(n, "/api/sync").get("peers").asInt() == 2));

            // a steady stream to every node in turn, ten messages a second, for as long as the test runs
            Future<?> stream = client.submit(() -> {
                for (int k = 0; streaming.get() && k < 10_000; k++) {
                    NodeProcess node = nodes.get(k % nodes.size());
                    var answer = node.post("/api/messages", "{\"recipient\":\"partition\",\"content\":\"m" + k + "\"}");
                    if (answer.statusCode() == 202) {
                        acknowledged.add(ChainChecks.json(answer.body()).get("id").asText());
                    }
                    try {
                        Thread.sleep(100); // the stream's pace, not a synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 50);

            cut();
            long cutAt = System.nanoTime();
            NodeProcess isolated = nodes.get(2);
            await("the isolated node notices").atMost(Duration.ofSeconds(60))
                    .until(() -> get(isolated, "/api/sync").get("peers").asInt() == 0);
            long heightAtCut = get(isolated, "/api/chain").get("height").asLong();
            long majorityAtCut = get(nodes.get(0), "/api/chain").get("height").asLong();
            // the partition lasts its minute: the majority goes on mining, both sides go on accepting messages
            await().atMost(PARTITION.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> System.nanoTime() - cutAt >= PARTITION.toNanos());
            assertThat(Files.readString(isolated.log())).as("the isolated node says why it waits")
                    .contains("Not mining: 0 proven peers of the 1 readiness needs");
            assertThat(get(isolated, "/api/chain").get("height").asLong())
                    .as("the isolated node built no history once it knew (a search under way may end)")
                    .isLessThanOrEqualTo(heightAtCut + 1);
            assertThat(get(nodes.get(0), "/api/chain").get("height").asLong() - majorityAtCut)
                    .as("the majority mined past the finality depth meanwhile").isGreaterThan(40);
            heal();
            long healedAt = System.nanoTime();
            // a figure for docs/operations.md, not a threshold: how long the network takes to settle on one tip
            await("one tip after the heal").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> nodes.stream().map(n -> get(n, "/api/chain").get("tipHash").asText()).distinct()
                            .count() == 1 && get(isolated, "/api/sync").get("peers").asInt() == 2);
            System.out.printf("HealedPartitionIT: one tip and the isolated node meshed %d ms after the heal%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedAt));

            await("the nodes are a network again").atMost(Duration.ofSeconds(120)).until(() -> nodes.stream()
                    .allMatch(n -> get(n, "/api/sync").get("peers").asInt() == 2));
            streaming.set(false);
            stream.get(30, TimeUnit.SECONDS);
            await("every acknowledged message confirmed on every node").atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofSeconds(2)).until(() -> acknowledged.stream().allMatch(id ->
                            nodes.stream().allMatch(n -> n.get("/api/messages/" + id).body().contains("CONFIRMED"))));
            await("one chain").atMost(Duration.ofSeconds(60)).until(() -> nodes.stream()
                    .map(n -> get(n, "/api/chain").get("tipHash").asText()).distinct().count() == 1);
            for (NodeProcess node : nodes) {
                for (JsonNode peer : get(node, "/api/peers")) {
                    assertThat(peer.get("status").asText()).as(node.host() + " about " + peer.get("address"))
                            .isNotEqualTo("BANNED");
                }
                assertThat(Files.readAllLines(node.log())).as(node.host() + "'s log")
                        .noneMatch(line -> line.contains("Banned"))
                        .noneMatch(line -> line.contains("conflicts with this node's final history"));
                ChainChecks.assertConsistent(node::getBody, TestNetwork.PARAMS);
            }
        } finally {
            streaming.set(false);
            heal();
            client.shutdownNow();
            Path kept = Path.of("target", "healed-partition");
            Files.createDirectories(kept);
            for (NodeProcess node : nodes) {
                node.close();
                // the nodes' logs outlive the temporary directory: what happened is read there afterwards
                Files.copy(node.log(), kept.resolve(node.host() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
