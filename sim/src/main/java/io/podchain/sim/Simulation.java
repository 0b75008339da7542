package io.podchain.sim;

import io.podchain.chain.Block;
import io.podchain.chain.ChainParams;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Genesis;
import io.podchain.chain.Hash;
import io.podchain.chain.Hashes;
import io.podchain.chain.Message;
import io.podchain.chain.Secp256k1;
import io.podchain.chain.SigningKey;
import io.podchain.chain.VerifiedSignatures;
import io.podchain.p2p.P2pConfig;
import io.podchain.p2p.P2pLimits;
import io.podchain.p2p.Peer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One run: N nodes of the kernel on the network model, started within the first second, mining as a Poisson process
 * each by its share of the hash rate (equal shares), a workload of signed messages at a rate submitted to random
 * nodes, then a quiet stretch (no new messages, then no new blocks) so that the network can settle before the
 * invariants are judged. Everything random comes from the seed.
 */
final class Simulation {
    /** What the run asks for. */
    record Settings(int nodes, long seed, double minutes, String topology, String faults, double blockTimeSeconds,
            double rate, int maxOutbound, int maxInbound, Plant plant, int contentBytes) {
        Settings {
            if (contentBytes < 0 || contentBytes > ConsensusLimits.MAX_CONTENT_BYTES) {
                throw new IllegalArgumentException("--content-bytes is 0 (a short text) to "
                        + ConsensusLimits.MAX_CONTENT_BYTES);
            }
            if (!faults.equals("none") && !faults.equals("chaos")) {
                throw new IllegalArgumentException("--faults is none or chaos, not " + faults);
            }
            if (nodes < 1 || minutes <= 0 || blockTimeSeconds <= 0 || rate < 0) {
                throw new IllegalArgumentException("--nodes, --minutes and --block-time must be positive and"
                        + " --rate not negative");
            }
        }

        Settings(int nodes, long seed, double minutes, String topology, String faults, double blockTimeSeconds,
                double rate, int maxOutbound, int maxInbound) {
            this(nodes, seed, minutes, topology, faults, blockTimeSeconds, rate, maxOutbound, maxInbound, Plant.NONE,
                    0);
        }

        Settings(int nodes, long seed, double minutes, String topology, String faults, double blockTimeSeconds,
                double rate, int maxOutbound, int maxInbound, Plant plant) {
            this(nodes, seed, minutes, topology, faults, blockTimeSeconds, rate, maxOutbound, maxInbound, plant, 0);
        }
    }

    /**
     * A bug planted on purpose, to show that the invariants catch it and that its seed replays it: only the
     * simulator's tests (and {@code --plant}) use one.
     */
    enum Plant {
        NONE,
        /** On a reorganisation the messages of the blocks that left the main chain are not returned to the pool. */
        REORG_DROPS_MESSAGES
    }

    /** Sees what the nodes store, for propagation. */
    interface Observer {
        void stored(SimNode node, Block block);
    }

    /** Miners' blocks and the messages' fate, as measured. */
    private final Settings settings;
    private final EventLoop loop = new EventLoop();
    private final Random random;
    private final List<SimNode> nodes = new ArrayList<>();
    private final SimNetwork network;
    private final ChainParams params;
    /** When each block was mined, and when each node stored it. */
    private final Map<Hash, Long> minedAt = new LinkedHashMap<>();
    private final Map<Hash, List<Long>> storedAt = new HashMap<>();
    /** Acknowledged messages (admitted by the node they were submitted to). */
    private final List<Hash> acknowledged = new ArrayList<>();
    private final List<SigningKey> authors = new ArrayList<>();
    private long messageSequence;
    /** The most any node held in its inbox and outbound budgets at a sample, against their named bounds. */
    private long maxInboxChars;
    private long maxOutboundChars;
    private int maxOutboundPeers;
    private int maxInboundPeers;
    private Chaos chaos;
    private final Map<Hash, Integer> submittedTo = new HashMap<>();
    private final Map<Hash, Long> submittedAt = new HashMap<>();

    Simulation(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.params = new ChainParams("sim", 8, 1, 20, Duration.ofMillis((long) (settings.blockTimeSeconds() * 1000)));
        Secp256k1.use(new VerifyOnce());
        Topology topology = Topology.of(settings.topology(), settings.nodes(), random, settings.seed());
        this.network = new SimNetwork(loop, topology, settings.seed());
        Block genesis = Genesis.create(params);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < settings.nodes(); i++) {
            addresses.add(SimNode.ipOf(i) + ":" + SimNode.PORT);
        }
        P2pConfig config = P2pConfig.defaults().withMaxOutbound(settings.maxOutbound())
                .withMaxInbound(settings.maxInbound());
        long startMillis = Genesis.TIMESTAMP + Duration.ofDays(1).toMillis();
        for (int i = 0; i < settings.nodes(); i++) {
            SimNode node = new SimNode(i, key("node", i), network, params, VerifiedSignatures.NONE, genesis, config,
                    addresses, settings.seed(), startMillis, this::stored, 100, settings.plant());
            nodes.add(node);
            network.add(node);
        }
        for (int i = 0; i < 16; i++) {
            authors.add(key("author", i));
        }
    }

    private SigningKey key(String kind, int i) {
        byte[] seed = Hashes.sha256((kind + "/" + settings.seed() + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBytes();
        return SigningKey.fromBytes(seed);
    }

    private void stored(SimNode node, Block block) {
        storedAt.computeIfAbsent(block.hash(), h -> new ArrayList<>()).add(loop.now());
        loop.record("stored", node.index(), block.hash().toBytes());
    }

    private long seconds(double s) {
        return (long) (s * 1_000_000_000L);
    }

    Report run() {
        long started = System.nanoTime();
        long end = seconds(settings.minutes() * 60);
        // long enough for forks to resolve (ten block times) at the cluster's block time; a fifth of the run at most
        // for long block times (Bitcoin's ten minutes), where a block crosses the network in seconds
        long quiet = Math.max(seconds(20), Math.min(seconds(10 * settings.blockTimeSeconds()), end / 5));
        long miningEnds = Math.max(seconds(10), end - quiet);
        long workEnds = Math.max(seconds(5), miningEnds - quiet);
        if (settings.faults().equals("chaos")) {
            // the faults stop with the workload: then a quiet stretch with mining, then one without
            chaos = new Chaos(loop, network, nodes, settings.seed(), workEnds);
            chaos.schedule(seconds(5));
        }
        for (long at = seconds(1); at < end; at += seconds(1)) {
            loop.at(at, this::sample);
        }
        for (SimNode node : nodes) {
            node.scheduler().at(random.nextInt(1_000_000_000), node::start);
        }
        // each node finds a block at rate 1 / (N * block time): together one per block time
        double perNode = 1.0 / (settings.nodes() * settings.blockTimeSeconds());
        for (SimNode node : nodes) {
            scheduleMining(node, seconds(5) + exponential(perNode), perNode, miningEnds);
        }
        if (settings.rate() > 0) {
            scheduleMessage(seconds(5) + exponential(settings.rate()), workEnds);
        }
        long progressEvery = seconds(60);
        for (long at = progressEvery; at < end; at += progressEvery) {
            long mark = at;
            loop.at(at, () -> progress(mark, started));
        }
        loop.runUntil(end);
        return report(started);
    }

    private long exponential(double ratePerSecond) {
        return (long) (-Math.log(1 - random.nextDouble()) / ratePerSecond * 1e9);
    }

    private void scheduleMining(SimNode node, long at, double rate, long until) {
        if (at > until) {
            return;
        }
        // the hash rate goes on across the node's crashes: a restarted node mines again
        loop.at(at, () -> {
            if (node.isUp() && !node.scheduler().isPaused()
                    && (settings.nodes() == 1 || !node.network().connected().ready().isEmpty())) {
                Block block = node.mine();
                minedAt.put(block.hash(), loop.now());
            }
            scheduleMining(node, loop.now() + exponential(rate), rate, until);
        });
    }

    private void scheduleMessage(long at, long until) {
        if (at > until) {
            return;
        }
        loop.at(at, () -> {
            SimNode node = nodes.get(random.nextInt(nodes.size()));
            // a crashed or stopped process answers no client: nothing is acknowledged
            if (node.isUp() && !node.scheduler().isPaused()) {
                long n = messageSequence++;
                Message message = Message.sign(authors.get((int) (n % authors.size())), "bob", content(n),
                        node.clock().millis());
                if (node.pool().check(message).isEmpty() && node.pool().admit(message).join()) {
                    acknowledged.add(message.id());
                    submittedTo.put(message.id(), node.index());
                    submittedAt.put(message.id(), loop.now());
                }
            }
            scheduleMessage(loop.now() + exponential(settings.rate()), until);
        });
    }

    /** A message's text: short, or padded to {@code --content-bytes} (Bitcoin's transactions are ~250-500 bytes). */
    private String content(long n) {
        String text = "message " + n;
        return settings.contentBytes() <= text.length() ? text : text + " " + "x".repeat(settings.contentBytes()
                - text.length() - 1);
    }

    /** Samples every live node's queues and peer counts against the bounds the kernel names. */
    private void sample() {
        for (SimNode node : nodes) {
            if (node.isUp()) {
                maxInboxChars = Math.max(maxInboxChars, node.network().budget().inboxChars());
                maxOutboundChars = Math.max(maxOutboundChars, node.network().budget().outboundChars());
                long outbound = node.network().connected().ready().stream().filter(p -> p.direction() == Peer.Direction.OUTBOUND).count();
                maxOutboundPeers = Math.max(maxOutboundPeers, (int) outbound);
                maxInboundPeers = Math.max(maxInboundPeers, node.network().connected().ready().size() - (int) outbound);
            }
        }
    }

    private void progress(long at, long started) {
        System.err.printf("sim: %.0f of %.0f virtual s, %d blocks, %d events, %.0f s wall%n", at / 1e9,
                settings.minutes() * 60, minedAt.size(), loop.eventsRun(), (System.nanoTime() - started) / 1e9);
    }

    /** The run's outcome: the JSON line's fields. */
    record Report(long seed, int nodes, String topology, String faults, double virtualSeconds, double wallSeconds,
            String traceHash, long events, int blocks, int staleBlocks, Map<String, Map<String, Double>> propagation,
            int maxPeers, int minPeers, int graphDiameter, boolean graphConnected, int acknowledged,
            int confirmedEverywhere, int lost, int duplicated, long honestBans, int tipsAtEnd,
            boolean signaturesVerified, String signatureVerification, long framesDelivered, long faultsInjected,
            long maxNodeInboxChars, long maxNodeOutboundChars, int maxOutboundPeers, int maxInboundPeers,
            String plant, Map<String, Double> arrival, List<String> failures) {
    }

    private Report report(long started) {
        List<SimNode> live = nodes.stream().filter(SimNode::isUp).toList();
        Set<Hash> tips = new HashSet<>();
        live.forEach(n -> tips.add(n.chain().tip().hash()));
        SimNode reference = live.get(0);
        int onMain = 0;
        for (Hash mined : minedAt.keySet()) {
            if (reference.chain().mainHashesAt(List.of(heightOf(reference, mined))).contains(mined)) {
                onMain++;
            }
        }
        int confirmed = 0;
        for (Hash id : acknowledged) {
            if (live.stream().allMatch(n -> n.chain().blockOf(id).isPresent())) {
                confirmed++;
            }
        }
        int duplicated = 0;
        for (SimNode node : live) {
            duplicated += node.chain().messagesOnMainChainMoreThanOnce();
        }
        Map<String, Integer> index = new HashMap<>();
        live.forEach(n -> index.put(n.address(), n.index()));
        Map<Integer, Set<Integer>> graph = new HashMap<>();
        int maxPeers = 0;
        int minPeers = Integer.MAX_VALUE;
        for (SimNode node : live) {
            List<Peer> ready = node.network().connected().ready();
            maxPeers = Math.max(maxPeers, ready.size());
            minPeers = Math.min(minPeers, ready.size());
            for (Peer peer : ready) {
                Integer other = index.get(peer.address());
                if (other == null) {
                    other = network.indexOf(peer.address());
                }
                if (other != null) {
                    graph.computeIfAbsent(node.index(), k -> new HashSet<>()).add(other);
                    graph.computeIfAbsent(other, k -> new HashSet<>()).add(node.index());
                }
            }
        }
        int diameter = 0;
        boolean connectedGraph = true;
        for (SimNode node : live) {
            Map<Integer, Integer> distance = new HashMap<>(Map.of(node.index(), 0));
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(node.index()));
            while (!queue.isEmpty()) {
                int at = queue.poll();
                for (int next : graph.getOrDefault(at, Set.of())) {
                    if (distance.putIfAbsent(next, distance.get(at) + 1) == null) {
                        queue.add(next);
                    }
                }
            }
            connectedGraph &= distance.size() == live.size();
            diameter = Math.max(diameter, distance.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        }
        long bans = live.stream().mapToLong(n -> n.registry().bannedKeys()).sum();
        List<String> failures = new ArrayList<>();
        if (tips.size() != 1) {
            failures.add(tips.size() + " tips at the end, after " + "the quiet stretch");
        }
        if (confirmed != acknowledged.size()) {
            failures.add((acknowledged.size() - confirmed) + " acknowledged messages not confirmed on every node, "
                    + "first " + whereIs(live));
        }
        if (bans != 0) {
            failures.add(bans + " honest nodes banned");
        }
        if (duplicated != 0) {
            failures.add(duplicated + " messages on a main chain more than once");
        }
        if (!connectedGraph) {
            failures.add("the peer graph is not connected");
        }
        if (maxInboxChars > P2pLimits.MAX_NODE_INBOX_CHARS || maxOutboundChars > P2pLimits.MAX_NODE_OUTBOUND_CHARS) {
            failures.add("a node's queues went past their bounds: inbox " + maxInboxChars + ", outbound "
                    + maxOutboundChars);
        }
        if (maxOutboundPeers > settings.maxOutbound() || maxInboundPeers > settings.maxInbound()) {
            failures.add("a node had more peers than its bounds: outbound " + maxOutboundPeers + ", inbound "
                    + maxInboundPeers);
        }
        return new Report(settings.seed(), settings.nodes(), settings.topology(), settings.faults(),
                loop.now() / 1e9, (System.nanoTime() - started) / 1e9, loop.traceHash(), loop.eventsRun(),
                minedAt.size(), minedAt.size() - onMain, propagation(live.size()), maxPeers,
                minPeers == Integer.MAX_VALUE ? 0 : minPeers, diameter, connectedGraph, acknowledged.size(), confirmed,
                acknowledged.size() - confirmed, duplicated, bans, tips.size(), true,
                Secp256k1.backend().description(), network.framesDelivered, chaos == null ? 0 : chaos.faults(),
                maxInboxChars, maxOutboundChars, maxOutboundPeers, maxInboundPeers, settings.plant().name(),
                arrivalPercentiles(), failures);
    }

    /** Where the first acknowledged and unconfirmed message is: to whom it was given, and who has it now. */
    private String whereIs(List<SimNode> live) {
        for (Hash id : acknowledged) {
            long confirmedOn = live.stream().filter(n -> n.chain().blockOf(id).isPresent()).count();
            if (confirmedOn < live.size()) {
                long pendingOn = live.stream().filter(n -> n.pool().isPending(id)).count();
                return String.format("%s (given to node %d at %.3f s): confirmed on %d nodes, pending on %d",
                        id.toHex(), submittedTo.get(id), submittedAt.get(id) / 1e9, confirmedOn, pendingOn);
            }
        }
        return "";
    }

    private static long heightOf(SimNode node, Hash block) {
        return node.chain().blocks(List.of(block)).stream().findFirst().map(Block::height).orElse(-1L);
    }

    /**
     * Milliseconds from a block's mining until each other node stored it, over every (block, node): the measure of
     * Decker and Wattenhofer's Bitcoin study (when the nodes learn of a block), sorted.
     */
    double[] arrivalDelays() {
        List<Double> delays = new ArrayList<>();
        for (Map.Entry<Hash, Long> mined : minedAt.entrySet()) {
            for (long at : storedAt.getOrDefault(mined.getKey(), List.of())) {
                if (at > mined.getValue()) {
                    delays.add((at - mined.getValue()) / 1e6);
                }
            }
        }
        return delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    private Map<String, Double> arrivalPercentiles() {
        double[] sorted = arrivalDelays();
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("p50", percentile(sorted, 0.5));
        result.put("p90", percentile(sorted, 0.9));
        result.put("p99", percentile(sorted, 0.99));
        result.put("mean", sorted.length == 0 ? null
                : Math.round(java.util.Arrays.stream(sorted).average().orElse(0) * 100) / 100.0);
        return result;
    }

    /** Milliseconds until a block reached 50, 90 and 100 % of the nodes: p50 and p90 over the mined blocks. */
    private Map<String, Map<String, Double>> propagation(int live) {
        Map<String, List<Double>> reach = new LinkedHashMap<>();
        for (String share : List.of("50", "90", "100")) {
            reach.put(share, new ArrayList<>());
        }
        for (Map.Entry<Hash, Long> mined : minedAt.entrySet()) {
            List<Long> times = new ArrayList<>(storedAt.getOrDefault(mined.getKey(), List.of()));
            times.sort(null);
            for (String share : reach.keySet()) {
                int needed = (int) Math.ceil(live * Integer.parseInt(share) / 100.0);
                if (times.size() >= needed && needed > 0) {
                    reach.get(share).add((times.get(needed - 1) - mined.getValue()) / 1e6);
                }
            }
        }
        Map<String, Map<String, Double>> result = new LinkedHashMap<>();
        reach.forEach((share, values) -> {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            Map<String, Double> percentiles = new LinkedHashMap<>();
            percentiles.put("p50", percentile(sorted, 0.5));
            percentiles.put("p90", percentile(sorted, 0.9));
            result.put(share + "%", percentiles);
        });
        return result;
    }

    private static Double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        return Math.round(sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 100) / 100.0;
    }
}
