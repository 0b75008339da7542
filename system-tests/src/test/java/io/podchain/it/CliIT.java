package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.podchain.testing.ChainChecks;
import io.podchain.testing.NodeProcess;
import io.podchain.wallet.MnemonicWallet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code podchain} CLI as a person runs it ({@code java -jar target/podchain-cli.jar}, a process of its own)
 * against a real node: what it signs verifies on the node, and every failure is one clear line and a non-zero exit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    /** This class's loopback addresses (see TestNetwork). */
    private static final String NET = TestNetwork.CLI;
    private static final String TOKEN = "cli-test-operator-token";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path home;
    private NodeProcess node;
    private final MnemonicWallet nodeWallet = MnemonicWallet.generate(new SecureRandom());

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void startNode() {
        Map<String, String> env = new HashMap<>(TestNetwork.ENV);
        env.put("PODCHAIN_MINING_AUTO", "true");
        env.put("PODCHAIN_API_ADMIN_TOKEN", TOKEN);
        env.put("PODCHAIN_IDENTITY_MNEMONIC", nodeWallet.mnemonic());
        node = new NodeProcess(home.resolve("node"), NET + "2", env).start();
    }

    @AfterAll
    void stopNode() throws IOException {
        node.close();
    }

    private Run cli(String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", Path.of(System.getProperty("podchain.cli.jar")).toAbsolutePath().toString(),
                "--node", node.baseUrl()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("PODCHAIN_NODE");
            builder.environment().remove("PODCHAIN_TOKEN");
            builder.environment().remove("PODCHAIN_WALLET");
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            assertThat(process.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("podchain %s ended", args)
                    .isTrue();
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Run ok(String... args) {
        Run run = cli(null, args);
        assertThat(run.exit()).as("podchain %s: %s", List.of(args), run.err()).isZero();
        assertThat(run.err()).isEmpty();
        return run;
    }

    /** A failure: a non-zero exit and exactly one line on standard error, starting with "podchain: ". */
    private String fails(String stdin, String... args) {
        Run run = cli(stdin, args);
        assertThat(run.exit()).as("exit of podchain %s", List.of(args)).isEqualTo(1);
        assertThat(run.err().lines().toList()).as("standard error").singleElement()
                .satisfies(line -> assertThat(line).startsWith("podchain: "));
        return run.err().strip();
    }

    @Test
    void aMessageSignedByTheCliVerifiesOnTheNodeAndAppearsInHistory() throws IOException {
        Path wallet = home.resolve("alice").resolve("wallet");
        Run created = ok("wallet", "new", "--wallet", wallet.toString());
        String publicKey = ok("wallet", "show", "--wallet", wallet.toString()).out().strip();
        assertThat(publicKey).matches("0[23][0-9a-f]{64}");
        assertThat(created.out()).contains(publicKey);
        List<String> words = List.of(Files.readString(wallet).strip().split(" "));
        assertThat(words).hasSize(24);
        assertThat(created.out()).as("the words are shown once").contains(String.join(" ", words));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wallet))).isEqualTo("rw-------");
        assertThat(fails(null, "wallet", "new", "--wallet", wallet.toString()))
                .as("an existing wallet is never overwritten").contains("already exists");

        // global options before or after the subcommand
        Run sent = ok("--wallet", wallet.toString(), "send", "--to", "bob", "--wait", "hello", "from", "the", "cli");
        assertThat(sent.out()).contains("CONFIRMED", "hello from the cli", publicKey);
        String id = sent.out().lines().filter(l -> l.startsWith("id")).findFirst().orElseThrow().split("\\s+")[1];
        JsonNode onNode = ChainChecks.json(node.get("/api/messages/" + id).body());
        assertThat(onNode.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(onNode.at("/message/sender").asText()).as("signed by the wallet's key, not the node's")
                .isEqualTo(publicKey);

        Run history = ok("history", "--wallet", wallet.toString(), "--output", "json");
        JsonNode items = ChainChecks.json(history.out()).get("items");
        assertThat(items).anySatisfy(item -> assertThat(item.get("id").asText()).isEqualTo(id));
        assertThat(ok("history", "bob").out()).contains("hello from the cli");
        assertThat(ok("message", id).out()).contains("CONFIRMED");
        long height = onNode.get("height").asLong();
        assertThat(ok("block", Long.toString(height)).out()).contains("hello from the cli");
        assertThat(ok("blocks", "--limit", "5").out()).contains("HEIGHT", Long.toString(height));
    }

    @Test
    void restoringTheNodesWordsGivesTheNodesKey() {
        Path wallet = home.resolve("restored").resolve("wallet");
        String nodeKey = ChainChecks.json(node.get("/api/node").body()).get("publicKey").asText();
        Run restored = cli(nodeWallet.mnemonic() + "\n", "wallet", "restore", "--wallet", wallet.toString());
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.out().strip()).isEqualTo(nodeKey);
        assertThat(ok("wallet", "show", "--wallet", wallet.toString()).out().strip()).isEqualTo(nodeKey);
    }

    @Test
    void theNodesStateReadsAsTablesOrJson() {
        assertThat(ok("chain").out()).contains("network", "network-test", "height", "tip");
        assertThat(ChainChecks.json(ok("chain", "--output", "json").out()).get("networkId").asText())
                .isEqualTo("network-test");
        assertThat(ok("sync").out()).contains("state", "IN_SYNC").containsPattern("ready\\s+true");
        assertThat(ok("peers").out()).contains("NODE", "STATUS");
        assertThat(ok("network").out()).contains("1 nodes");
        Run health = cli(null, "health", "--management", node.managementUrl());
        assertThat(health.exit()).as("a solo node is ready: " + health.out()).isZero();
        assertThat(health.out()).contains("readiness: UP", "podchain-sync");
        Run mined = ok("mine", "--token", TOKEN);
        assertThat(mined.out()).contains("HEIGHT", "MINER");
    }

    @Test
    void watchPrintsBlocksAsTheyArrive() throws Exception {
        Path out = Files.createTempFile(home, "watch", ".txt");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Path.of(System.getProperty("podchain.cli.jar")).toAbsolutePath().toString(), "watch", "--count", "2",
                "--interval", "PT0.2S", "--node", node.baseUrl());
        Process watch = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("watching"));
        long before = ChainChecks.json(node.get("/api/chain").body()).get("height").asLong();
        ok("mine", "--token", TOKEN);
        ok("mine", "--token", TOKEN);
        assertThat(watch.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(watch.exitValue()).isZero();
        assertThat(Files.readString(out)).contains(Long.toString(before + 1), Long.toString(before + 2));
    }

    @Test
    void failuresAreOneClearLineAndANonZeroExit() throws IOException {
        assertThat(fails("these are not twenty four words\n", "wallet", "restore", "--wallet",
                home.resolve("bad").toString())).contains("not a valid BIP39 mnemonic");
        Path wrongChecksum = home.resolve("words.txt");
        Files.writeString(wrongChecksum, "abandon ".repeat(24));
        assertThat(fails(null, "wallet", "restore", "--from", wrongChecksum.toString(), "--wallet",
                home.resolve("bad2").toString())).contains("checksum");
        assertThat(Files.exists(home.resolve("bad2"))).as("no wallet written from bad words").isFalse();

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(fails(null, "chain", "--node", "http://" + NET + "1:" + closedPort))
                .contains("cannot reach the node at http://" + NET + "1:" + closedPort);
        assertThat(fails(null, "block", "99999999")).contains("404", "no block 99999999");
        assertThat(fails(null, "mine")).contains("401", "--token");
        assertThat(fails(null, "mine", "--token", "wrong")).contains("401");
        assertThat(fails(null, "message", "not-an-id")).contains("64 hex characters");
        assertThat(fails(null, "send", "--to", "bob", "--wallet", home.resolve("nobody").toString(), "hi"))
                .contains("no wallet at");
        Run usage = cli(null, "send");
        assertThat(usage.exit()).as("a usage error").isEqualTo(2);
        assertThat(usage.err()).contains("--to");
    }
}
