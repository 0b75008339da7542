package io.podchain.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.DelayProxy;
import io.podchain.testing.NodeProcess;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five nodes split 2|3 while both sides mine, then healed: every node converges on the chain with the most work and
 * no submitted message is lost (those of the losing side return to pending and are mined again). Every connection
 * between two nodes goes through its own link, so the partition drops exactly the links between the groups.
 */
@Order(7) // among the longest: started first, so that the two at a time end together
class PartitionIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.PARTITION;
    private static final int NODES = 5;
    private static final Set<Integer> SIDE_A = Set.of(0, 1);

    private static JsonNode get(NodeProcess node, String path) {
        return ChainChecks.json(node.get(path).body());
    }

    private static boolean sameSide(int i, int j) {
        return SIDE_A.contains(i) == SIDE_A.contains(j);
    }

    private static String submit(NodeProcess node, String content) {
        return ChainChecks.json(node.post("/api/messages",
                "{\"recipient\":\"partition\",\"content\":\"" + content + "\"}").body()).get("id").asText();
    }

    @Test
    void bothSidesMineAndAfterHealingAllConvergeWithoutLosingAMessage(@TempDir Path home) throws Exception {
        Map<String, String> env = new HashMap<>(TestNetwork.ENV);
        env.put("PODCHAIN_MINING_AUTO", "true");
        List<NodeProcess> nodes = new ArrayList<>();
        Map<List<Integer>, DelayProxy> links = new HashMap<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(new NodeProcess(home.resolve("n" + i), NET + (41 + i), env));
            }
            for (int i = 0; i < NODES; i++) {
                for (int j = 0; j < NODES; j++) {
                    if (i != j) {
                        NodeProcess target = nodes.get(j);
                        String linkAddress = "127.0.1." + (10 * i + j);
                        links.put(List.of(i, j), new DelayProxy(linkAddress, 0,
                                new InetSocketAddress(target.host(), target.port()), Duration.ZERO));
                    }
                }
            }
            for (int i = 0; i < NODES; i++) {
                int from = i;
                String peers = links.entrySet().stream().filter(e -> e.getKey().get(0) == from)
                        .map(e -> e.getValue().address()).collect(Collectors.joining(","));
                nodes.get(i).env("PODCHAIN_DISCOVERY_PEERS", peers).start();
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> nodes.stream()
                    .allMatch(n -> get(n, "/api/sync").get("peers").asInt() == NODES - 1));

            links.forEach((pair, link) -> {
                if (!sameSide(pair.get(0), pair.get(1))) {
                    link.cut();
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (int i = 0; i < NODES; i++) {
                    int expected = SIDE_A.contains(i) ? SIDE_A.size() - 1 : NODES - SIDE_A.size() - 1;
                    if (get(nodes.get(i), "/api/sync").get("peers").asInt() != expected) {
                        return false;
                    }
                }
                return true;
            });

            List<String> messages = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                messages.add(submit(nodes.get(0), "side A " + k));
                messages.add(submit(nodes.get(2), "side B " + k));
            }
            // side B mines more: it will hold the most work
            for (int k = 0; k < 2; k++) {
                nodes.get(1).post("/api/mine", "");
            }
            for (int k = 0; k < 6; k++) {
                nodes.get(3).post("/api/mine", "");
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    messages.stream().allMatch(id -> nodes.stream().anyMatch(n ->
                            n.get("/api/messages/" + id).body().contains("CONFIRMED"))));

            links.values().forEach(DelayProxy::heal);
            await().atMost(Duration.ofSeconds(180)).until(() -> messages.stream().allMatch(id -> nodes.stream()
                    .allMatch(n -> n.get("/api/messages/" + id).body().contains("CONFIRMED"))));
            // Messages of the losing side return to pending on both of its nodes, and both may mine them at once:
            // two blocks of equal work, each node keeping the one it saw first. The next block settles that tie,
            // as in any proof-of-work network.
            nodes.get(2).post("/api/mine", "");
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream()
                    .map(n -> get(n, "/api/chain").get("tipHash").asText()).distinct().count() == 1);
            for (NodeProcess node : nodes) {
                ChainChecks.assertConsistent(node::getBody, TestNetwork.PARAMS);
            }
        } finally {
            for (DelayProxy link : links.values()) {
                link.close();
            }
            for (NodeProcess node : nodes) {
                node.close();
            }
        }
    }
}
