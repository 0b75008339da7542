package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the machine a pod runs on, met by one node: a temporary directory mounted {@code noexec}, as hardened
 * clusters mount {@code /tmp}. Mounting needs root, which {@code .ci/run} has; every mount is undone in every case.
 */
class PodFaultsIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.POD_FAULTS;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /**
     * The JNI library is found and extracted but cannot be mapped: the node must notice at start (not on a worker
     * thread at its first block), say so once, verify with BouncyCastle and work as ever; with
     * {@code podchain.crypto.native-library-dir} on an executable directory the same node uses libsecp256k1.
     */
    @Test
    void aNoexecTemporaryDirectoryFallsBackToBouncyCastleOrUsesTheConfiguredDirectory(@TempDir Path home)
            throws Exception {
        Path tmp = home.resolve("noexec-tmp");
        Files.createDirectories(tmp);
        run("mount", "-t", "tmpfs", "-o", "rw,noexec,nosuid,nodev,size=64m", "tmpfs", tmp.toString());
        try {
            Map<String, String> env = new HashMap<>(TestNetwork.ENV);
            env.put("PODCHAIN_MINING_AUTO", "true");
            try (NodeProcess node = new NodeProcess(home.resolve("node"), NET + "2", env)
                    .jvmOption("-Djava.io.tmpdir=" + tmp)
                    // the embedded PostgreSQL's binaries stay where every test node shares them (they are executed)
                    .jvmOption("-Dot.epg.working-dir=" + System.getProperty("java.io.tmpdir"))
                    .start()) {
                assertThat(ChainChecks.json(node.get("/api/node").body()).get("signatureVerifier").asText())
                        .isEqualTo("bouncycastle");
                String id = ChainChecks.json(node.post("/api/messages",
                        "{\"recipient\":\"bob\",\"content\":\"verified in Java\"}").body()).get("id").asText();
                await("the message confirmed").atMost(DEADLINE)
                        .until(() -> node.get("/api/messages/" + id).body().contains("CONFIRMED"));
                String log = Files.readString(node.log(), StandardCharsets.UTF_8);
                assertThat(log).contains("Signatures are verified by BouncyCastle (pure Java): libsecp256k1 could"
                        + " not be used").doesNotContain("Signatures are verified by libsecp256k1")
                        .doesNotContain("UnsatisfiedLinkError\n\tat").doesNotContain("NoClassDefFoundError");
                assertThat(log.split("Signatures are verified by", -1)).hasSize(2);
                assertThat(node.getManagement("/q/metrics").body())
                        .contains("podchain_signature_verifier{verifier=\"bouncycastle\"} 1.0");
                node.stop();

                node.env("PODCHAIN_CRYPTO_NATIVE_LIBRARY_DIR", home.resolve("native").toString()).start();
                assertThat(ChainChecks.json(node.get("/api/node").body()).get("signatureVerifier").asText())
                        .isEqualTo("libsecp256k1");
                String second = ChainChecks.json(node.post("/api/messages",
                        "{\"recipient\":\"bob\",\"content\":\"verified natively\"}").body()).get("id").asText();
                await("the second message confirmed").atMost(DEADLINE)
                        .until(() -> node.get("/api/messages/" + second).body().contains("CONFIRMED"));
            }
        } finally {
            run("umount", "-l", tmp.toString());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
