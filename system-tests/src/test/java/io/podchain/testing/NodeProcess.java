package io.podchain.testing;

import static org.awaitility.Awaitility.await;

import io.podchain.node.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real podchain node: the packaged application in its own JVM, with its own embedded PostgreSQL, on a loopback
 * address. Started the way a user starts it ({@code java -jar}), configured only by environment variables.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Enough for a test node; benchmarks give a node what a deployment would ({@code -Dpodchain.node.heap=1g}). */
    private static final String DEFAULT_HEAP = "256m";
    /**
     * Further JVM options of test nodes, from {@code podchain.node.jvm-options} (the system tests set the C1 compiler
     * only and the serial collector: a node that lives for seconds spends much of its CPU compiling with C2 code it
     * will not run long enough to gain from, and two cores run many nodes at once). Benchmarks set none, so their
     * nodes run as deployed; {@link #asInAPod()} replaces them with the image's options.
     */
    private static final List<String> TEST_OPTIONS = List.of(
            System.getProperty("podchain.node.jvm-options", "").trim().split("\\s+")).stream()
            .filter(option -> !option.isEmpty()).toList();
    private List<String> jvmOptions = Stream.concat(
            Stream.of("-Xmx" + System.getProperty("podchain.node.heap", DEFAULT_HEAP)), TEST_OPTIONS.stream()).toList();

    private final Path home;
    private final String host;
    private final int port;
    private final int managementPort;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    public NodeProcess(Path home, String host, Map<String, String> extraEnv) {
        this(home, host, freePort(host), extraEnv);
    }

    /** A node on a given port: pods of one StatefulSet all listen on the same port, each on its own IP. */
    public NodeProcess(Path home, String host, int port, Map<String, String> extraEnv) {
        this.home = home;
        this.host = host;
        this.port = port;
        this.managementPort = freePort(host);
        this.env = new HashMap<>(UNTHROTTLED);
        this.env.putAll(extraEnv);
    }

    /**
     * Test and benchmark clients act for many users from one loopback address, which the API's per-client share
     * (podchain.api.client-*) is there to stop; tests of that share set these back ({@link #env}).
     */
    private static final Map<String, String> UNTHROTTLED = Map.of(
            "PODCHAIN_API_CLIENT_REQUESTS_PER_SECOND", "1000000",
            "PODCHAIN_API_CLIENT_CONCURRENT_REQUESTS", "100000",
            "PODCHAIN_API_CLIENT_CONNECTIONS", "100000");

    /** A port free on every one of {@code hosts}. */
    public static int portFreeOnAll(List<String> hosts) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = freePort(hosts.get(0));
            boolean freeEverywhere = hosts.stream().allMatch(h -> {
                try (ServerSocket socket = new ServerSocket(candidate, 1, InetAddress.getByName(h))) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            if (freeEverywhere) {
                return candidate;
            }
        }
        throw new IllegalStateException("no port free on all of " + hosts);
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets an environment variable for the next start. */
    /**
     * The node's JVM as a pod runs it (Dockerfile.jvm's options at the chart's 1 GiB memory limit, and
     * {@code ExitOnOutOfMemoryError}), instead of a test's small heap: attack tests show what a pod would survive.
     */
    public NodeProcess asInAPod() {
        jvmOptions = PodJvm.OPTIONS;
        env.putAll(PodJvm.ENVIRONMENT);
        return this;
    }

    /** Adds a JVM option (a system property, say) for the next start. */
    public NodeProcess jvmOption(String option) {
        jvmOptions = Stream.concat(jvmOptions.stream(), Stream.of(option)).toList();
        return this;
    }

    public NodeProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** host:port, as peers dial it. */
    public String p2pAddress() {
        return host + ":" + port;
    }

    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    /** Where health probes and metrics are served (the management interface). */
    public String managementUrl() {
        return "http://" + host + ":" + managementPort;
    }

    /** The node's JVM, for benchmarks that read its CPU time and memory (its PostgreSQL runs as its descendant). */
    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    public Path log() {
        return home.resolve("node-" + starts + ".log");
    }

    public Path dataDir() {
        return home.resolve("postgres");
    }

    public NodeProcess start() {
        return launch().awaitServing();
    }

    /** Starts the process without waiting for it, so that several nodes can start at the same instant. */
    public NodeProcess launch() {
        starts++;
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", Path.of(System.getProperty("podchain.app.jar")).toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log().toFile()).directory(home.toFile());
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        builder.environment().put("QUARKUS_HTTP_HOST", host);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", host);
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        builder.environment().put("PODCHAIN_EMBEDDED_DATABASE_DATA_DIR", dataDir().toString());
        builder.environment().putAll(env);
        try {
            Files.createDirectories(home);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until a launched node answers its API. */
    public NodeProcess awaitServing() {
        await("node " + baseUrl() + " to serve").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .failFast("the node process exited; see " + log(), () -> !process.isAlive())
                .ignoreExceptions().until(() -> get("/api/chain").statusCode() == 200);
        return this;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The body of a GET of an API path, whatever its status. */
    public String getBody(String path) {
        return get(path).body();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    /** GET on the management interface: {@code /q/health/...}, {@code /q/metrics}. */
    public HttpResponse<String> getManagement(String path) {
        return send(HttpRequest.newBuilder(URI.create(managementUrl() + path)).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, the embedded PostgreSQL is left running as an orphan. */
    public void kill9() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** SIGTERM: a normal shutdown, as Kubernetes does it. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.onExit().join();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        EmbeddedDatabase.stopOrphan(dataDir());
        keepLogs();
    }

    /** Copies this node's logs to target/node-logs, which outlives the test's temporary directory. */
    private void keepLogs() throws IOException {
        Path kept = Path.of("target", "node-logs");
        Files.createDirectories(kept);
        for (int i = 1; i <= starts; i++) {
            Path log = home.resolve("node-" + i + ".log");
            if (Files.exists(log)) {
                Files.copy(log, kept.resolve(host + "-" + port + "-" + home.getFileName() + "-" + i + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
