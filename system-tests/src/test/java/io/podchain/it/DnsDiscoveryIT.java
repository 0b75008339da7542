package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.TestDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes that know only a DNS name find each other through a real DNS server on loopback answering it as a
 * Kubernetes headless service does; a node stopped while others mine catches up after restart; DNS that fails,
 * answers nothing or answers garbage leaves a node running, and it connects once answers return.
 */
@Order(6) // among the longest: started first, so that the two at a time end together
class DnsDiscoveryIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.DNS_DISCOVERY;
    private static final String NAME = "podchain-headless.test.svc.cluster.local";
    private static final List<String> IPS = List.of(NET + "11", NET + "12", NET + "13", NET + "14");

    private static JsonNode get(NodeProcess node, String path) {
        return ChainChecks.json(node.get(path).body());
    }

    private static int peers(NodeProcess node) {
        return get(node, "/api/sync").get("peers").asInt();
    }

    @Test
    void nodesFindEachOtherThroughDnsAndSurviveBadAnswers(@TempDir Path home) throws Exception {
        int port = NodeProcess.portFreeOnAll(IPS);
        List<NodeProcess> nodes = new ArrayList<>();
        try (TestDnsServer dns = new TestDnsServer(NAME)) {
            dns.answer(IPS.subList(0, 3), port);
            Map<String, String> env = new HashMap<>(TestNetwork.ENV);
            env.put("PODCHAIN_DISCOVERY_DNS_NAME", NAME);
            env.put("PODCHAIN_DISCOVERY_DNS_SERVER", dns.address());
            env.put("PODCHAIN_DISCOVERY_INTERVAL", "1s");
            env.put("PODCHAIN_MINING_AUTO", "true");
            for (String ip : IPS) {
                nodes.add(new NodeProcess(home.resolve(ip), ip, port, env));
            }
            nodes.subList(0, 3).forEach(NodeProcess::start);
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.subList(0, 3).stream().allMatch(n -> peers(n) == 2));

            String id = ChainChecks.json(nodes.get(0).post(
                    "/api/messages", "{\"recipient\":\"dns\",\"content\":\"found by name\"}").body()).get("id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.subList(0, 3).stream()
                    .allMatch(n -> n.get("/api/messages/" + id).body().contains("CONFIRMED")));

            // a node stopped while the others mine catches up after a restart
            NodeProcess third = nodes.get(2);
            third.stop();
            for (int i = 0; i < 5; i++) {
                nodes.get(0).post("/api/mine", "");
            }
            long height = get(nodes.get(0), "/api/chain").get("height").asLong();
            third.start();
            await().atMost(Duration.ofSeconds(120)).until(() -> get(third, "/api/chain").get("height").asLong() >= height);

            // DNS answers garbage, then nothing: a new node keeps running and waits
            dns.mode(TestDnsServer.Mode.GARBAGE);
            NodeProcess late = nodes.get(3);
            late.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(late.log())
                    .contains("DNS lookup of " + NAME + " failed"));
            // the lookup can fail before the sync service's first decision (STARTING): wait for that decision
            await().atMost(Duration.ofSeconds(30)).until(() -> !get(late, "/api/sync").get("state").asText()
                    .equals("STARTING"));
            assertThat(peers(late)).isZero();
            assertThat(get(late, "/api/sync").get("state").asText()).isEqualTo("DISCOVERING");
            dns.mode(TestDnsServer.Mode.EMPTY);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(late.log())
                    .contains("no addresses for " + NAME));
            assertThat(peers(late)).isZero();
            assertThat(late.get("/api/chain").statusCode()).isEqualTo(200);

            // answers return: it connects and catches up
            dns.answer(IPS, port);
            await().atMost(Duration.ofSeconds(60)).until(() -> peers(late) >= 1
                    && get(late, "/api/chain").get("height").asLong() >= height);
            // the others resolve it too and may dial it before its own next DNS round: wait for that round
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(late.log())
                    .contains("DNS answers again"));
            for (NodeProcess node : nodes) {
                ChainChecks.assertConsistent(node::getBody, TestNetwork.PARAMS);
            }
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
        }
    }
}
