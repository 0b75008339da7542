package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults a pod meets, each met by one node: a temporary directory mounted {@code noexec}, as hardened clusters mount
 * {@code /tmp}; a full disk under the embedded database; one address with many sockets. Mounting needs root, which {@code .ci/run} has; every mount is undone
 * and every socket closed in every case.
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

    /**
     * The embedded PostgreSQL on a disk that fills up: writes are refused with 503 problem+json. When the server
     * stops (a full disk makes it give up; here it is stopped with SIGKILL) the node starts it again; while it
     * cannot (here its port is held) the node is unready, answers 503, and after {@code max-down-time} fails
     * liveness with the reason, so that an orchestrator would restart it; once space is free and the port too, it
     * brings the server back by itself, is live and ready again and confirms a new message. Nothing acknowledged
     * is lost.
     */
    @Test
    void aFullDiskAndAStoppedEmbeddedDatabaseAreSurvivedByThemselves(@TempDir Path home) throws Exception {
        Path data = home.resolve("postgres");
        Files.createDirectories(data);
        run("mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", data.toString());
        Map<String, String> env = new HashMap<>(TestNetwork.ENV);
        env.put("PODCHAIN_MINING_AUTO", "true");
        env.put("PODCHAIN_EMBEDDED_DATABASE_MAX_DOWN_TIME", "10s");
        ServerSocket squatter = null;
        try (NodeProcess node = new NodeProcess(home, NET + "4", env).start()) {
            String before = submit(node, "before the disk filled");
            awaitConfirmed(node, before);

            Path filler = data.resolve("filler");
            fill(filler);
            int[] sent = {0};
            await("a write refused for the full disk").atMost(DEADLINE).until(() -> {
                var answer = node.post("/api/messages",
                        "{\"recipient\":\"bob\",\"content\":\"disk full " + sent[0]++ + "\"}");
                return answer.statusCode() == 503 && answer.headers().firstValue("Content-Type")
                        .orElse("").equals("application/problem+json");
            });

            List<String> pidFile = Files.readAllLines(data.resolve("postmaster.pid"));
            int port = Integer.parseInt(pidFile.get(3).trim());
            for (int attempt = 0; squatter == null && attempt < 10; attempt++) {
                long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
                ProcessHandle.of(postmaster).ifPresent(server -> {
                    server.destroyForcibly();
                    server.onExit().join();
                });
                try {
                    squatter = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"));
                } catch (IOException restartedFirst) {
                    // the node restarted it before the port could be taken: stop it again
                }
            }
            assertThat(squatter).as("the database's port held").isNotNull();

            await("liveness to fail with the reason").atMost(DEADLINE)
                    .until(() -> node.getManagement("/q/health/live").statusCode() == 503);
            String live = node.getManagement("/q/health/live").body();
            assertThat(live).contains("podchain-embedded-database").contains("failedRestarts")
                    .contains("PostgreSQL exited");
            assertThat(node.getManagement("/q/health/ready").statusCode()).isEqualTo(503);
            var refused = node.post("/api/messages", "{\"recipient\":\"bob\",\"content\":\"while down\"}");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");

            Files.delete(filler);
            squatter.close();
            await("the database back and the node live and ready").atMost(DEADLINE).until(() ->
                    node.getManagement("/q/health/live").statusCode() == 200
                            && node.getManagement("/q/health/ready").statusCode() == 200);
            assertThat(Files.readString(node.log())).contains("The embedded PostgreSQL is back");
            String after = submit(node, "after space came back");
            awaitConfirmed(node, after);
            assertThat(node.get("/api/messages/" + before).body()).contains("CONFIRMED");
        } finally {
            if (squatter != null) {
                squatter.close();
            }
            run("umount", "-l", data.toString());
        }
    }

    private static String submit(NodeProcess node, String content) {
        var answer = node.post("/api/messages", "{\"recipient\":\"bob\",\"content\":\"" + content + "\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return ChainChecks.json(answer.body()).get("id").asText();
    }

    private static void awaitConfirmed(NodeProcess node, String id) {
        await("message " + id + " confirmed").atMost(DEADLINE)
                .until(() -> node.get("/api/messages/" + id).body().contains("CONFIRMED"));
    }

    /** Writes {@code file} until its filesystem has no space left. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /**
     * One address's sockets that each send a request and never read: it keeps its share of the node's connections
     * ({@code podchain.api.client-connections}, 32), the next is answered 429 and closed, and every other address is
     * served as before, also after a burst of 600 such sockets. A closed one makes room again.
     */
    @Test
    void oneAddressWithManySocketsTakesOnlyItsShareOfConnections(@TempDir Path home) throws Exception {
        int share = 32;
        try (NodeProcess node = new NodeProcess(home, NET + "3", TestNetwork.ENV)
                .env("PODCHAIN_API_CLIENT_CONNECTIONS", Integer.toString(share))
                // the held sockets stay open for the whole test, however slow the machine (the idle timeout would
                // close them and free the share)
                .env("QUARKUS_HTTP_IDLE_TIMEOUT", "10M").start()) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < share; i++) {
                    Socket socket = requestAndNeverRead(node, NET + "10");
                    held.add(socket);
                    // answered, so counted: the status line is all that is read, the rest stays unread
                    assertThat(statusLine(socket)).as("connection %d of the share", i).startsWith("HTTP/1.1 200");
                }
                try (Socket over = requestAndNeverRead(node, NET + "10")) {
                    String answer = new String(over.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertThat(answer).startsWith("HTTP/1.1 429").contains("application/problem+json")
                            .contains("too-many-connections").contains("more than 32 connections at once");
                    // readAllBytes returned: the node closed the connection
                }
                assertThat(served(node, NET + "11")).isTrue();

                for (int i = 0; i < 600; i++) {
                    held.add(requestAndNeverRead(node, NET + "12"));
                }
                await("another address served beside 600 sockets from one").atMost(DEADLINE)
                        .until(() -> served(node, NET + "11"));
                assertThat(served(node, NET + "13")).isTrue();

                held.remove(0).close();
                await("room again for the address that closed one").atMost(DEADLINE)
                        .until(() -> served(node, NET + "10"));
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    /** A socket from {@code local} that sends one request and reads nothing. */
    private static Socket requestAndNeverRead(NodeProcess node, String local) throws IOException {
        Socket socket = new Socket(InetAddress.getByName(node.host()), node.port(), InetAddress.getByName(local), 0);
        socket.setSoTimeout((int) DEADLINE.toMillis());
        socket.getOutputStream().write(("GET /api/chain HTTP/1.1\r\nHost: " + node.host() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = socket.getInputStream().read(); c != -1 && c != '\n'; c = socket.getInputStream().read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Whether a request from {@code local} on a fresh connection is answered 200. */
    private static boolean served(NodeProcess node, String local) throws IOException {
        try (Socket socket = requestAndNeverRead(node, local)) {
            return statusLine(socket).startsWith("HTTP/1.1 200");
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
