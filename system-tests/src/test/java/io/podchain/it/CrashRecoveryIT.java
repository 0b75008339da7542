package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podchain.chain.ChainParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.wallet.MnemonicWallet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process-level durability: a node restarted normally keeps its chain, key and messages; a node killed with
 * SIGKILL while it mines and accepts messages comes back with a consistent chain and every message it had
 * acknowledged, after stopping the PostgreSQL its previous life left running.
 */
@Order(5) // among the longest: started first, so that the two at a time end together
class CrashRecoveryIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.CRASH_RECOVERY;
    private static final ChainParams PARAMS = new ChainParams("crash-test", 10, 1, 100_000,
            ChainParams.DEFAULT_TARGET_BLOCK_TIME);
    private static final Map<String, String> ENV = Map.of(
            "PODCHAIN_NETWORK_ID", PARAMS.networkId(),
            "PODCHAIN_NETWORK_INITIAL_DIFFICULTY", Integer.toString(PARAMS.initialDifficulty()),
            "PODCHAIN_NETWORK_MIN_DIFFICULTY", Integer.toString(PARAMS.minDifficulty()),
            "PODCHAIN_NETWORK_RETARGET_INTERVAL", Integer.toString(PARAMS.retargetInterval()),
            "PODCHAIN_MINING_AUTO", "true",
            "PODCHAIN_MINING_POLL_INTERVAL", "50ms");
    private static final int CRASH_CYCLES = 3;

    @Test
    void aNormalRestartKeepsChainKeyAndMessages(@TempDir Path home) throws Exception {
        String words = "legal winner thank year wave sausage worth useful legal winner thank yellow";
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("PODCHAIN_IDENTITY_MNEMONIC", words);
        try (NodeProcess node = new NodeProcess(home, NET + "1", env).start()) {
            String key = ChainChecks.json(node.get("/api/node").body()).get("publicKey").asText();
            assertThat(key).isEqualTo(MnemonicWallet.restore(words, "").signingKey().publicKey().toHex());
            String id = ChainChecks.json(node.post("/api/messages", "{\"recipient\":\"bob\",\"content\":\"keep me\"}")
                    .body()).get("id").asText();
            await().atMost(Duration.ofSeconds(60)).until(() -> node.get("/api/messages/" + id).body()
                    .contains("CONFIRMED"));
            String tip = ChainChecks.json(node.get("/api/chain").body()).get("tipHash").asText();
            node.stop();

            node.start();
            assertThat(ChainChecks.json(node.get("/api/chain").body()).get("tipHash").asText()).isEqualTo(tip);
            assertThat(ChainChecks.json(node.get("/api/node").body()).get("publicKey").asText()).isEqualTo(key);
            assertThat(node.get("/api/messages/" + id).body()).contains("CONFIRMED");
            ChainChecks.assertConsistent(node::getBody, PARAMS);
            assertThat(Files.readString(node.log())).as("key material is never logged")
                    .contains(key).doesNotContain("sausage");
        }
    }

    @Test
    void killNineWhileMiningLeavesAConsistentChainAndLosesNoAcknowledgedMessage(@TempDir Path home)
            throws Exception {
        List<String> acknowledged = new ArrayList<>();
        try (NodeProcess node = new NodeProcess(home, NET + "1", ENV).start()) {
            String key = ChainChecks.json(node.get("/api/node").body()).get("publicKey").asText();
            long height = 0;
            for (int cycle = 0; cycle < CRASH_CYCLES; cycle++) {
                ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
                AtomicBoolean submitting = new AtomicBoolean(true);
                ExecutorService submitter = Executors.newSingleThreadExecutor();
                int round = cycle;
                Future<?> load = submitter.submit(() -> {
                    for (int i = 0; submitting.get(); i++) {
                        try {
                            var response = node.post("/api/messages",
                                    "{\"recipient\":\"crash-" + round + "\",\"content\":\"message " + i + "\"}");
                            if (response.statusCode() == 202) {
                                acked.add(ChainChecks.json(response.body()).get("id").asText());
                            }
                        } catch (RuntimeException connectionLostAtTheKill) {
                            return;
                        }
                    }
                });
                long start = height;
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        ChainChecks.json(node.get("/api/chain").body()).get("height").asLong() >= start + 3);
                node.kill9();
                submitting.set(false);
                load.get();
                submitter.shutdown();
                acknowledged.addAll(acked);
                assertThat(acked).as("messages acknowledged in cycle %d", cycle).isNotEmpty();

                node.start();
                assertThat(Files.readString(node.log())).contains("from a previous run still holds");
                height = ChainChecks.assertConsistent(node::getBody, PARAMS);
                assertThat(height).isGreaterThanOrEqualTo(start + 3);
                assertThat(ChainChecks.json(node.get("/api/node").body()).get("publicKey").asText()).isEqualTo(key);
                for (String id : acknowledged) {
                    assertThat(node.get("/api/messages/" + id).statusCode()).as("message %s", id).isEqualTo(200);
                }
            }
            // after the last restart the node keeps mining what was pending
            List<String> all = List.copyOf(acknowledged);
            await().atMost(Duration.ofSeconds(120)).until(() -> all.stream()
                    .allMatch(id -> node.get("/api/messages/" + id).body().contains("CONFIRMED")));
            ChainChecks.assertConsistent(node::getBody, PARAMS);
        }
    }
}
