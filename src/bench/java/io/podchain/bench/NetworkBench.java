package io.podchain.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.Block;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.Message;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.SigningKey;
import io.podchain.crypto.SignatureBackends;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.RogueClient;
import io.podchain.testing.TestBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Network benchmarks with real node processes on loopback.
 * <ul>
 * <li>{@code propagation [blocks] [warm-up blocks]}: five nodes in a full mesh; each block is mined by one of them
 * in turn and an observer peer attached to every node records when that node relays it. Delay = relay time at a
 * node minus relay time at the miner; reported per block as the time until the last node has it (p50, p99). The
 * warm-up blocks (500 by default) are mined and propagated the same way first, and not counted.</li>
 * <li>{@code sync [blocks]}: a fresh node syncs a chain of real signed blocks (one message each, so two signatures
 * per block) from a node that has it and has already served it once (as the nodes of a running network have: a
 * source started just before would spend the sync compiling its serving path); blocks/s from the node's own log,
 * against the bound set by signature verification measured in the same run (verifies/s per core × cores ÷
 * signatures per block); then the time of each tenth of the chain (at least 2,000 blocks) and the steady-state
 * rate and ratio (the median of those after the first, which carries the fresh JVM's compilation).</li>
 * </ul>
 */
public final class NetworkBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOG_TIME = Pattern.compile("^\\S+ (\\d\\d:\\d\\d:\\d\\d,\\d\\d\\d)");
    private static final Pattern STORED_PAGE = Pattern.compile("Page of (\\d+) blocks: stored in");
    /** The smallest run of blocks timed on its own: a few pages, so one slow page does not make a stretch. */
    private static final int STRETCH_BLOCKS = 2_000;

    /**
     * Blocks mined and propagated before measuring, so the nodes' JIT has compiled the receive, validate, store and
     * relay paths, as in a node that has been running for a while: a few hundred blocks are far too few for the
     * JVM to leave the interpreter on all of them.
     */
    private static final int DEFAULT_WARM_UP_BLOCKS = 500;

    private NetworkBench() {
    }

    private static Map<String, String> env(int difficulty) {
        return Map.of("PODCHAIN_NETWORK_ID", "network-bench",
                "PODCHAIN_NETWORK_INITIAL_DIFFICULTY", Integer.toString(difficulty),
                "PODCHAIN_NETWORK_MIN_DIFFICULTY", Integer.toString(difficulty),
                "PODCHAIN_NETWORK_RETARGET_INTERVAL", "100000000",
                "PODCHAIN_MINING_AUTO", "false");
    }

    /** The sync benchmark's nodes also log their page timings (ChainStore, PeerManager) at debug level. */
    private static Map<String, String> syncEnv() {
        Map<String, String> env = new java.util.HashMap<>(env(0));
        env.put("QUARKUS_LOG_CATEGORY__IO_PODCHAIN__LEVEL", "DEBUG");
        return env;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "propagation";
        int count = args.length > 1 ? Integer.parseInt(args[1]) : (mode.equals("sync") ? 20_000 : 200);
        if (mode.equals("sync")) {
            sync(count);
        } else {
            propagation(count, args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_WARM_UP_BLOCKS);
        }
        System.exit(0);
    }

    private static void propagation(int blocks, int warmUp) throws Exception {
        Path home = Files.createTempDirectory("podchain-propagation");
        int size = 5;
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            nodes.add(new NodeProcess(home.resolve("n" + i), "127.0.0." + (61 + i), env(8)));
        }
        String all = nodes.stream().map(NodeProcess::p2pAddress).collect(Collectors.joining(","));
        nodes.forEach(n -> n.env("PODCHAIN_DISCOVERY_PEERS", all).start());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> nodes.stream().allMatch(n ->
                    json(n.get("/api/sync").body()).get("peers").asInt() == size - 1));
            JsonNode chain = json(nodes.get(0).get("/api/chain").body());
            Map<String, Map<Integer, Long>> relayed = new ConcurrentHashMap<>();
            List<RogueClient> observers = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int index = i;
                RogueClient observer = new RogueClient("127.0.0.1", nodes.get(i).host(), nodes.get(i).port(), m -> {
                    if (m.get("type").asText().equals("BLOCK")) {
                        String hash = Block.decode(Hex.decode(m.get("block").asText(), "block")).hash().toHex();
                        relayed.computeIfAbsent(hash, h -> new ConcurrentHashMap<>()).put(index, System.nanoTime());
                    }
                    // an observer that left PINGs unanswered would be dropped after the ping timeout
                    return m.get("type").asText().equals("PING") ? RogueClient.pong(m) : null;
                });
                observer.hello(chain.get("networkId").asText(), chain.get("genesisHash").asText(),
                        TestBlocks.key("observer" + i), "127.0.0.1:" + (1000 + i), 0,
                        chain.get("genesisHash").asText(), "1");
                observer.next("HELLO");
                observers.add(observer);
            }
            double[] toAll = new double[blocks];
            List<Double> perHop = new ArrayList<>();
            for (int b = -warmUp; b < blocks; b++) {
                int miner = Math.floorMod(b, size);
                String hash = json(nodes.get(miner).post("/api/mine", "").body()).get("hash").asText();
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        relayed.getOrDefault(hash, Map.of()).size() == size);
                // nodes relay a block once it is valid, before it is stored: the next miner must build on it
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> nodes.stream()
                        .allMatch(n -> json(n.get("/api/chain").body()).get("tipHash").asText().equals(hash)));
                if (b < 0) {
                    continue;
                }
                Map<Integer, Long> times = relayed.get(hash);
                long start = times.get(miner);
                double worst = 0;
                for (Map.Entry<Integer, Long> e : times.entrySet()) {
                    if (e.getKey() != miner) {
                        double ms = (e.getValue() - start) / 1e6;
                        perHop.add(ms);
                        worst = Math.max(worst, ms);
                    }
                }
                toAll[b] = worst;
            }
            Arrays.sort(toAll);
            double[] hops = perHop.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("propagation of %d blocks to all of %d nodes (ms): p50 %.2f, p99 %.2f, max %.2f;"
                    + " per node p50 %.2f, p99 %.2f%n", blocks, size, toAll[blocks / 2], toAll[(int) (blocks * 0.99)],
                    toAll[blocks - 1], hops[hops.length / 2], hops[(int) (hops.length * 0.99)]);
            observers.forEach(RogueClient::close);
        } finally {
            for (NodeProcess node : nodes) {
                node.close();
            }
        }
    }

    private static void sync(int blocks) throws Exception {
        Path home = Files.createTempDirectory("podchain-sync-bench");
        SigningKey miner = TestBlocks.key("sync-bench-miner");
        try (NodeProcess source = new NodeProcess(home.resolve("source"), "127.0.0.71", syncEnv());
                NodeProcess fresh = new NodeProcess(home.resolve("fresh"), "127.0.0.72", syncEnv())) {
            source.start();
            source.stop();
            long[] clock = {System.currentTimeMillis() - blocks - 10_000L};
            ChainFiller.fill(source.dataDir(), blocks, parent -> {
                long timestamp = Math.max(++clock[0], parent.timestamp() + 1);
                Message message = Message.sign(miner, "recipient-" + parent.height(),
                        "a message of typical length carried by block " + (parent.height() + 1), timestamp);
                return TestBlocks.mine(parent, 0, timestamp, List.of(message), miner);
            });
            int cores = Runtime.getRuntime().availableProcessors();
            double verifies = verifiesPerSecondAllCores(cores);
            double verifiesPerCore = verifies / cores;
            double bound = verifies / 2;
            source.start();
            try (NodeProcess warmUp = new NodeProcess(home.resolve("warm-up"), "127.0.0.73", syncEnv())) {
                // the source serves one whole sync first, as a node of a running network has served many
                syncUntil(warmUp.env("PODCHAIN_DISCOVERY_PEERS", source.p2pAddress()).start(), blocks);
            }
            syncUntil(fresh.env("PODCHAIN_DISCOVERY_PEERS", source.p2pAddress()).start(), blocks);
            List<String> log = Files.readAllLines(fresh.log());
            double seconds = between(log, "Syncing from", "done at height " + blocks);
            double rate = blocks / seconds;
            System.out.printf("sync of %d blocks (2 signatures each): %.1f s, %.0f blocks/s; signature bound %.0f"
                    + " blocks/s (%.0f verifies/s per core x %d cores / 2); ratio %.3f%n", blocks, seconds, rate,
                    bound, verifiesPerCore, cores, rate / bound);
            int stretch = Math.max(STRETCH_BLOCKS, blocks / 10);
            List<Double> stretches = stretchSeconds(log, stretch);
            if (stretches.size() > 2) {
                List<Double> later = new ArrayList<>(stretches.subList(1, stretches.size()));
                later.sort(null);
                double median = later.get(later.size() / 2);
                System.out.printf("stretches of %d blocks (s): %s; median after the first %.2f s: %.0f blocks/s,"
                        + " ratio %.3f%n", stretch, stretches.stream().map(t -> String.format("%.2f", t))
                        .collect(Collectors.joining(" ")), median, stretch / median, stretch / median / bound);
            }
        }
    }

    /**
     * Seconds each successive run of {@code stretch} blocks took to be stored, from the node's page log lines: the
     * first shows a fresh JVM compiling, the later ones the steady state.
     */
    private static List<Double> stretchSeconds(List<String> log, int stretch) {
        List<Double> stretches = new ArrayList<>();
        LocalTime stretchStart = null;
        long stored = 0;
        for (String line : log) {
            Matcher time = LOG_TIME.matcher(line);
            Matcher page = STORED_PAGE.matcher(line);
            if (!time.find()) {
                continue;
            }
            LocalTime at = LocalTime.parse(time.group(1).replace(',', '.'));
            if (stretchStart == null && line.contains("Syncing from")) {
                stretchStart = at;
            } else if (stretchStart != null && page.find()) {
                stored += Long.parseLong(page.group(1));
                if (stored >= (stretches.size() + 1L) * stretch) {
                    stretches.add(Duration.between(stretchStart, at).toMillis() / 1000.0);
                    stretchStart = at;
                }
            }
        }
        return stretches;
    }

    private static void syncUntil(NodeProcess node, long height) {
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                json(node.get("/api/chain").body()).get("height").asLong() == height);
    }

    /**
     * Signature verifications per second with every core verifying (one thread per core, as a node verifies a
     * page), after a warm-up so the JIT has compiled the curve arithmetic; measured on a quiet machine, before the
     * nodes run.
     */
    private static double verifiesPerSecondAllCores(int cores) throws Exception {
        // the bound is the one the nodes verify at: libsecp256k1 when it loads, unless the nodes (which inherit this
        // environment) are told to keep BouncyCastle
        Secp256k1.use(SignatureBackends.choose(!"false".equals(System.getenv("PODCHAIN_CRYPTO_NATIVE_SIGNATURES"))));
        System.out.println("signature bound measured with " + Secp256k1.backend().description());
        SigningKey key = TestBlocks.key("verify-bench");
        Message message = Message.sign(key, "r", "content", 1);
        Hash digest = message.signingDigest();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(cores);
        try {
            double rate = 0;
            for (Duration phase : List.of(Duration.ofSeconds(3), Duration.ofSeconds(5))) { // warm-up, measurement
                long end = System.nanoTime() + phase.toNanos();
                long start = System.nanoTime();
                List<java.util.concurrent.Future<Long>> counts = new java.util.ArrayList<>();
                for (int i = 0; i < cores; i++) {
                    counts.add(pool.submit(() -> {
                        long count = 0;
                        while (System.nanoTime() < end) {
                            Secp256k1.verify(message.sender(), digest, message.signature());
                            count++;
                        }
                        return count;
                    }));
                }
                long total = 0;
                for (var count : counts) {
                    total += count.get();
                }
                rate = total / ((System.nanoTime() - start) / 1e9);
            }
            return rate;
        } finally {
            pool.shutdown();
        }
    }

    /** Seconds between the first log line containing {@code from} and the first after it containing {@code to}. */
    private static double between(List<String> log, String from, String to) {
        LocalTime start = null;
        for (String line : log) {
            Matcher m = LOG_TIME.matcher(line);
            if (!m.find()) {
                continue;
            }
            LocalTime time = LocalTime.parse(m.group(1).replace(',', '.'));
            if (start == null && line.contains(from)) {
                start = time;
            } else if (start != null && line.contains(to)) {
                return Duration.between(start, time).toMillis() / 1000.0;
            }
        }
        throw new IllegalStateException("log lacks '" + from + "' then '" + to + "'");
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
