package io.podchain.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.Message;
import io.podchain.chain.SigningKey;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.TestBlocks;
import io.podchain.wire.MessageJson;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Caliper-style load run against N local nodes (issue 13): client-signed messages, signed before the run so that
 * signing is not what is measured, submitted over keep-alive HTTP round-robin to the nodes, either at a fixed rate
 * ({@code rate R}: R submissions/s) or at a fixed load ({@code load C}: C submissions in flight). Each node's main
 * chain is followed as it grows; a message counts as confirmed when it is in a main-chain block on every node.
 *
 * <p>Reports: offered rate, accepted and failed submissions, throughput (first submission to the last message
 * confirmed on every node), confirmation latency min/p50/p99/max (submission to confirmed on every node), each
 * node's CPU (its JVM and its PostgreSQL) and RSS, and the load generator's own CPU. At the end every node's main
 * chain is counted: each accepted message exactly once.
 *
 * <p>Usage: {@code src/bench/run.sh load rate 100 3000 [nodes]} or {@code src/bench/run.sh load load 64 3000}; or
 * the simplest client a user has, Debian's {@code wrk} with node-signed messages on C connections per node for S
 * seconds from fresh nodes, no warm-up: {@code src/bench/run.sh load wrk C S [nodes]} (a message's latency runs from
 * the time its node signed it; {@code -Dload.wrk.delay-ms} paces each connection for a load below saturation).
 * The nodes run the default consensus parameters (what a user gets), auto-mining on.
 */
public final class LoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB$");
    /** Client keys the messages are spread over, as many senders would. */
    private static final int CLIENTS = 16;
    /** How often each node's tip is looked at: fine enough for latencies of seconds. */
    private static final Duration FOLLOW_EVERY = Duration.ofMillis(100);
    /** A run whose messages are not all confirmed by then is reported as such. */
    private static final Duration CONFIRM_DEADLINE = Duration.ofMinutes(15);

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "rate";
        int value = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 3_000;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        if (!mode.equals("rate") && !mode.equals("load") && !mode.equals("wrk")) {
            throw new IllegalArgumentException("usage: load rate|load VALUE [MESSAGES] [NODES]"
                    + " or load wrk CONNECTIONS [SECONDS] [NODES]");
        }
        run(mode, value, messages, size);
        System.exit(0);
    }

    private static void run(String mode, int value, int count, int size) throws Exception {
        Path home = Files.createTempDirectory("podchain-load");
        List<NodeProcess> nodes = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            hosts.add("127.0.0." + (81 + i));
        }
        int port = NodeProcess.portFreeOnAll(hosts);
        String all = hosts.stream().map(h -> h + ":" + port).collect(Collectors.joining(","));
        for (String host : hosts) {
            nodes.add(new NodeProcess(home.resolve(host), host, port, Map.of("PODCHAIN_DISCOVERY_PEERS", all,
                    "PODCHAIN_MINING_AUTO", "true")));
        }
        nodes.forEach(NodeProcess::launch);
        nodes.forEach(NodeProcess::awaitServing);
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> nodes.stream().allMatch(n ->
                    json(n.get("/api/sync").body()).get("peers").asInt() == size - 1));

            boolean wrk = mode.equals("wrk");
            if (!wrk) {
                warmUp(nodes); // wrk measures what a user gets from fresh nodes: no warm-up
            }
            List<String> bodies = wrk ? List.of() : presign(count, "load message ");
            Map<String, Long> submittedAt = new ConcurrentHashMap<>();
            List<Map<String, Long>> confirmedAt = new ArrayList<>();
            List<Follower> followers = new ArrayList<>();
            for (NodeProcess node : nodes) {
                Map<String, Long> seen = new ConcurrentHashMap<>();
                confirmedAt.add(seen);
                Follower follower = new Follower(node, seen);
                followers.add(follower);
                follower.start();
            }
            double[] cpuBefore = nodes.stream().mapToDouble(LoadBench::cpuSeconds).toArray();
            double[] postgresBefore = nodes.stream().mapToDouble(LoadBench::postgresCpuSeconds).toArray();
            List<Map<String, Double>> threadsBefore = nodes.stream().map(n -> threadCpu(n.processHandle().pid()))
                    .toList();
            long clientCpuBefore = clientCpuNanos();

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicInteger failed = new AtomicInteger();
            Semaphore inFlight = new Semaphore(mode.equals("load") ? value : Integer.MAX_VALUE);
            long start = System.nanoTime();
            double wrkCpu = wrk ? runWrk(nodes, value, count, home, submittedAt, failed) : 0;
            int submissions = wrk ? submittedAt.size() + failed.get() : count;
            for (int i = 0; i < bodies.size(); i++) {
                if (mode.equals("rate")) {
                    long due = start + (long) (i * 1e9 / value);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait); // paced, not spinning: the generator must stay cheap
                    }
                }
                inFlight.acquire();
                NodeProcess node = nodes.get(i % size);
                long sent = System.nanoTime();
                http.sendAsync(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/messages"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                bodies.get(i))).build(), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> {
                            inFlight.release();
                            if (failure == null && response.statusCode() == 202) {
                                submittedAt.put(json(response.body()).get("id").asText(), sent);
                            } else {
                                failed.incrementAndGet();
                            }
                        });
            }
            long submitted = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> submittedAt.size() + failed.get() == submissions);
            long deadline = System.nanoTime() + CONFIRM_DEADLINE.toNanos();
            while (System.nanoTime() < deadline && !allConfirmed(submittedAt.keySet(), confirmedAt)) {
                Thread.sleep(FOLLOW_EVERY.toMillis());
            }
            long end = System.nanoTime();
            followers.forEach(Follower::halt);
            for (Follower follower : followers) {
                follower.join(10_000); // its last look finishes: a view left half-updated would miscount
            }
            long clientCpu = clientCpuNanos() - clientCpuBefore;

            List<Long> latencies = new ArrayList<>();
            long lastConfirmed = start;
            int unconfirmed = 0;
            for (Map.Entry<String, Long> e : submittedAt.entrySet()) {
                long onAll = 0;
                boolean everywhere = true;
                for (Map<String, Long> seen : confirmedAt) {
                    Long at = seen.get(e.getKey());
                    if (at == null) {
                        everywhere = false;
                        break;
                    }
                    onAll = Math.max(onAll, at);
                }
                if (everywhere) {
                    latencies.add(onAll - e.getValue());
                    lastConfirmed = Math.max(lastConfirmed, onAll);
                } else {
                    unconfirmed++;
                }
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double wall = (lastConfirmed - start) / 1e9;
            System.out.printf("load, %s %d, %d messages, %d nodes (default consensus parameters, auto-mining)%n",
                    mode, value, submissions, size);
            if (wrk) {
                System.out.printf("  wrk: %d connections per node for %d s, %d ms between a connection's requests,"
                        + " node-signed messages, no warm-up; latency from the time a node signed a message%n", value,
                        count, WRK_DELAY_MS);
            }
            System.out.printf("  offered: %.1f submissions/s over %.1f s; accepted %d, failed %d%n",
                    submissions / ((submitted - start) / 1e9), (submitted - start) / 1e9, submittedAt.size(), failed.get());
            System.out.printf("  throughput: %.1f messages/s confirmed on every node (%d in %.1f s); unconfirmed %d%n",
                    latencies.size() / wall, latencies.size(), wall, unconfirmed);
            if (sorted.length > 0) {
                System.out.printf("  confirmation latency (s): min %.2f, p50 %.2f, p99 %.2f, max %.2f%n",
                        sorted[0] / 1e9, sorted[sorted.length / 2] / 1e9, sorted[(int) (sorted.length * 0.99)] / 1e9,
                        sorted[sorted.length - 1] / 1e9);
            }
            double seconds = (end - start) / 1e9;
            for (int i = 0; i < size; i++) {
                System.out.printf("  node %s: CPU %.0f%% of one core (JVM + PostgreSQL), RSS %d MiB (JVM)%n",
                        hosts.get(i), 100 * (cpuSeconds(nodes.get(i)) - cpuBefore[i]) / seconds,
                        rssMiB(nodes.get(i).processHandle().pid()));
            }
            System.out.printf("  load generator: CPU %.0f%% of one core%n", 100 * (clientCpu / 1e9 + wrkCpu) / seconds);
            // where the nodes' CPU went: PostgreSQL, and the JVMs' threads grouped by name
            double postgres = 0;
            Map<String, Double> byThread = new HashMap<>();
            for (int i = 0; i < size; i++) {
                postgres += postgresCpuSeconds(nodes.get(i)) - postgresBefore[i];
                Map<String, Double> before = threadsBefore.get(i);
                threadCpu(nodes.get(i).processHandle().pid()).forEach((name, cpu) ->
                        byThread.merge(name, cpu - before.getOrDefault(name, 0.0), Double::sum));
            }
            double total = postgres + byThread.values().stream().mapToDouble(Double::doubleValue).sum();
            System.out.printf("  nodes' CPU, all %d together: %.1f s, %.2f ms per message; PostgreSQL %.0f%%", size,
                    total, 1000 * total / Math.max(1, latencies.size()), 100 * postgres / total);
            byThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                    .forEach(e -> System.out.printf(", %s %.0f%%", e.getKey(), 100 * e.getValue() / total));
            System.out.println();
            // a race for the last block may still be on: count once every node is on the same tip
            await().atMost(Duration.ofSeconds(120)).until(() -> nodes.stream()
                    .map(n -> json(n.get("/api/chain").body()).get("tipHash").asText()).distinct().count() == 1);
            for (NodeProcess node : nodes) {
                countOnChain(node, submittedAt.keySet());
            }
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
        }
    }

    /**
     * Runs Debian's {@code wrk} against every node at once for {@code seconds}, {@code connections} each, with
     * node-signed messages ({@code src/bench/wrk-messages.lua}), and notes the ids the nodes accepted with when each
     * was accepted: the time the node signed it (wrk gives no per-request times; the nodes share this machine's
     * clock). {@code -Dload.wrk.delay-ms} paces each connection (that long after each answer).
     *
     * @return the wrk processes' CPU seconds
     */
    private static double runWrk(List<NodeProcess> nodes, int connections, int seconds, Path home,
            Map<String, Long> submittedAt, AtomicInteger failed) throws Exception {
        List<Process> runs = new ArrayList<>();
        List<Path> idFiles = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Path ids = home.resolve("wrk-ids-" + i + ".txt");
            idFiles.add(ids);
            // bash's "times" prints the children's CPU time once wrk has exited
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", "wrk -t1 -c\"$1\" -d\"$2\"s -s \"$3\" \"$4\"; times",
                    "wrk", Integer.toString(connections), Integer.toString(seconds),
                    Path.of("src/bench/wrk-messages.lua").toAbsolutePath().toString(), nodes.get(i).baseUrl())
                    .redirectErrorStream(true);
            builder.environment().put("WRK_IDS", ids.toString());
            builder.environment().put("WRK_DELAY_MS", Integer.toString(WRK_DELAY_MS));
            runs.add(builder.start());
        }
        double cpu = 0;
        for (int i = 0; i < runs.size(); i++) {
            String output = new String(runs.get(i).getInputStream().readAllBytes());
            if (runs.get(i).waitFor() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            Matcher requests = Pattern.compile("(\\d+) requests in").matcher(output);
            long sent = requests.find() ? Long.parseLong(requests.group(1)) : 0;
            List<String> accepted = Files.readAllLines(idFiles.get(i));
            // epoch milliseconds to this JVM's nanoTime, as both clocks stand now
            long offset = System.nanoTime() - System.currentTimeMillis() * 1_000_000L;
            for (String line : accepted) {
                String[] fields = line.split(" ");
                submittedAt.put(fields[0], Long.parseLong(fields[1]) * 1_000_000L + offset);
            }
            failed.addAndGet((int) Math.max(0, sent - accepted.size()));
            Matcher times = Pattern.compile("(?m)^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s$").matcher(output);
            times.find(); // the shell's own time, then its children's
            if (times.find()) {
                cpu += Integer.parseInt(times.group(1)) * 60 + Double.parseDouble(times.group(2))
                        + Integer.parseInt(times.group(3)) * 60 + Double.parseDouble(times.group(4));
            }
            System.out.printf("  wrk on %s: %d requests, %d accepted%n", nodes.get(i).host(), sent, accepted.size());
        }
        return cpu;
    }

    /** In the wrk mode, each connection's pause after an answer before its next request ({@code load.wrk.delay-ms}). */
    private static final int WRK_DELAY_MS = Integer.getInteger("load.wrk.delay-ms", 0);

    /** Messages sent before the measured run, so that the nodes' JITs have compiled the paths it measures. */
    private static final int WARM_UP_MESSAGES = Integer.getInteger("load.warmup", 20_000);
    /** Well under any saturation measured, so the warm-up ends with empty pools. */
    private static final int WARM_UP_RATE = 400;

    /**
     * Sends {@link #WARM_UP_MESSAGES} at {@link #WARM_UP_RATE}/s and waits until every node has confirmed them on
     * one tip. A fresh JVM spends most of its first minute compiling (measured: C2 compiler threads took 43 % of the
     * nodes' CPU in a 40-second run without warm-up), which a long-running node has long done.
     */
    private static void warmUp(List<NodeProcess> nodes) throws Exception {
        if (WARM_UP_MESSAGES == 0) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> bodies = presign(WARM_UP_MESSAGES, "warm-up message ");
        Semaphore inFlight = new Semaphore(64);
        long start = System.nanoTime();
        for (int i = 0; i < bodies.size(); i++) {
            long due = start + (long) (i * 1e9 / WARM_UP_RATE);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            http.sendAsync(HttpRequest.newBuilder(URI.create(nodes.get(i % nodes.size()).baseUrl() + "/api/messages"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            bodies.get(i))).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> inFlight.release());
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> nodes.stream()
                .map(n -> json(n.get("/api/chain").body())).allMatch(c -> c.get("pendingMessages").asLong() == 0)
                && nodes.stream().map(n -> json(n.get("/api/chain").body()).get("tipHash").asText()).distinct()
                        .count() == 1);
        System.out.printf("  warm-up: %d messages at %d/s, confirmed everywhere after %.1f s%n", bodies.size(),
                WARM_UP_RATE, (System.nanoTime() - start) / 1e9);
    }

    private static List<String> presign(int count, String text) {
        SigningKey[] keys = new SigningKey[CLIENTS];
        Arrays.setAll(keys, i -> TestBlocks.key("load-client-" + i));
        long now = System.currentTimeMillis();
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            MessageJson m = MessageJson.of(Message.sign(keys[i % CLIENTS], "load-" + (i % 97), text + i,
                    now + i / 1000));
            bodies.add(JSON.createObjectNode().put("sender", m.sender()).put("recipient", m.recipient())
                    .put("content", m.content()).put("createdAt", m.createdAt()).put("signature", m.signature())
                    .toString());
        }
        return bodies;
    }

    private static boolean allConfirmed(Set<String> ids, List<Map<String, Long>> confirmedAt) {
        return confirmedAt.stream().allMatch(seen -> seen.keySet().containsAll(ids));
    }

    /** Each accepted message exactly once on the node's main chain, and nothing else of the run. */
    private static void countOnChain(NodeProcess node, Set<String> accepted) {
        Map<String, Integer> counts = new HashMap<>();
        // pages end at 500 blocks or at the API's byte bound, whichever comes first: follow each page's "nextFromHeight"
        for (JsonNode next = json("0"); !next.isNull() && !next.isMissingNode(); ) {
            JsonNode page = json(node.get("/api/blocks?limit=500&fromHeight=" + next.asLong()).body());
            for (JsonNode block : page.get("blocks")) {
                for (JsonNode message : block.get("messages")) {
                    counts.merge(message.get("id").asText(), 1, Integer::sum);
                }
            }
            next = page.path("nextFromHeight");
        }
        Set<String> missing = new HashSet<>(accepted);
        missing.removeAll(counts.keySet());
        long duplicated = counts.values().stream().filter(c -> c > 1).count();
        System.out.printf("  node %s main chain: %d of %d accepted messages, %d missing, %d more than once%n",
                node.host(), accepted.size() - missing.size(), accepted.size(), missing.size(), duplicated);
    }

    /**
     * Follows one node's main chain, noting when each message id appears in it. When the tip moves, the follower
     * walks back to the highest block it recorded that is still on the chain: a block replaced by a reorganisation
     * takes its messages with it (they count from when they reappear), the replacing block's count from now.
     */
    private static final class Follower extends Thread {
        private final NodeProcess node;
        private final Map<String, Long> seen;
        private final Map<Long, String> hashAt = new HashMap<>();
        private final Map<Long, List<String>> idsAt = new HashMap<>();
        /** How many recorded blocks hold each id. */
        private final Map<String, Integer> holders = new HashMap<>();
        private volatile boolean running = true;
        private long height;

        Follower(NodeProcess node, Map<String, Long> seen) {
            super("follow-" + node.host());
            setDaemon(true);
            this.node = node;
            this.seen = seen;
            this.height = json(node.get("/api/chain").body()).get("height").asLong();
        }

        void halt() {
            running = false;
        }

        @Override
        public void run() {
            String lastTip = "";
            while (running) {
                try {
                    JsonNode chain = json(node.get("/api/chain").body());
                    String tipHash = chain.get("tipHash").asText();
                    long tip = chain.get("height").asLong();
                    if (!tipHash.equals(lastTip)) {
                        // walk back to the highest block we recorded that is still on the main chain
                        long common = Math.min(height, tip);
                        // down to genesis if need be: a block below the tip at the start can still be replaced by one
                        // with the run's messages (fresh nodes race for their first blocks); heights never recorded
                        // cost no request to walk past
                        while (common > 0 && (!hashAt.containsKey(common) || !hashAt.get(common).equals(
                                json(node.get("/api/blocks/" + common).body()).get("hash").asText()))) {
                            common--; // replaced, or forgotten by a look that failed half-way
                        }
                        // the chain got shorter (a reorganisation to a branch with more work), or blocks recorded
                        // above the last tip (a page read while the tip moved on) are no longer there
                        for (long h : hashAt.keySet().stream().filter(h -> h > tip).toList()) {
                            forget(h);
                        }
                        for (long from = common + 1; from <= tip; ) {
                            JsonNode page = json(node.get("/api/blocks?limit=500&fromHeight=" + from).body());
                            long now = System.nanoTime();
                            // replaced blocks first: a message may have moved to a lower height in the new branch
                            for (JsonNode block : page.get("blocks")) {
                                if (!block.get("hash").asText().equals(hashAt.get(block.get("height").asLong()))) {
                                    forget(block.get("height").asLong());
                                }
                            }
                            for (JsonNode block : page.get("blocks")) {
                                take(block, now);
                                from = block.get("height").asLong() + 1;
                            }
                            if (page.get("blocks").isEmpty()) {
                                break;
                            }
                        }
                        height = tip;
                        lastTip = tipHash;
                    }
                    Thread.sleep(FOLLOW_EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a node busy beyond the client's timeout: look again
                }
            }
        }

        private void take(JsonNode block, long now) {
            long h = block.get("height").asLong();
            String hash = block.get("hash").asText();
            if (hash.equals(hashAt.get(h))) {
                return;
            }
            if (hashAt.containsKey(h)) {
                forget(h);
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode message : block.get("messages")) {
                String id = message.get("id").asText();
                ids.add(id);
                holders.merge(id, 1, Integer::sum);
                seen.putIfAbsent(id, now);
            }
            hashAt.put(h, hash);
            idsAt.put(h, ids);
        }

        private void forget(long h) {
            List<String> ids = idsAt.remove(h);
            hashAt.remove(h);
            if (ids != null) {
                // an id leaves only when no recorded block holds it: while the follower's view mixes the old branch
                // and the new, a message can be recorded at two heights
                for (String id : ids) {
                    if (holders.merge(id, -1, Integer::sum) <= 0) {
                        holders.remove(id);
                        seen.remove(id);
                    }
                }
            }
        }
    }

    /** CPU seconds of the node's JVM and its PostgreSQL. */
    private static double cpuSeconds(NodeProcess node) {
        return node.processHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)
                + postgresCpuSeconds(node);
    }

    /**
     * CPU seconds of the node's PostgreSQL: pg_ctl detaches the postmaster from the JVM, so it is found by its data
     * directory, then its backends as its children.
     */
    private static double postgresCpuSeconds(NodeProcess node) {
        String dataDir = node.dataDir().toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(" -D " + dataDir + " "))
                        .orElse(false))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    /** CPU seconds of a JVM's threads, by thread name with digits dropped (executor-thread-N, C2 CompilerThreadN). */
    private static Map<String, Double> threadCpu(long pid) {
        Map<String, Double> byName = new HashMap<>();
        long ticksPerSecond = 100; // USER_HZ on Linux
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) ticksPerSecond;
                    byName.merge(name, cpu, Double::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return byName;
        }
        return byName;
    }

    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long rssMiB(long pid) {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(text, e);
        }
    }
}
