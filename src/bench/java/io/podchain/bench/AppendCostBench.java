package io.podchain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.MerkleTree;
import io.podchain.chain.Message;
import io.podchain.chain.Signature;
import io.podchain.chain.SigningKey;
import io.podchain.testing.BlockJsonReader;
import io.podchain.testing.NodeProcess;
import io.podchain.testing.TestBlocks;
import io.podchain.wire.BlockJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Append cost at height 100,000 against 1,000: a real node (packaged jar, embedded PostgreSQL) receives blocks
 * over {@code POST /api/blocks}, each carrying one message, and the time of each append is measured end to end.
 * The chain below the measured blocks is written straight into PostgreSQL (real headers with real hashes, unsigned
 * since nothing re-verifies stored ancestors), so reaching height 100,000 takes seconds, not hours.
 *
 * <p>Usage: {@code src/bench/run.sh append [rounds] [blocksPerRound]}; the two nodes take turns each round.
 */
public final class AppendCostBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SigningKey MINER = TestBlocks.key("append-bench-miner");
    private static final Map<String, String> ENV = Map.of(
            "PODCHAIN_NETWORK_ID", "append-bench",
            "PODCHAIN_NETWORK_INITIAL_DIFFICULTY", "0",
            "PODCHAIN_NETWORK_MIN_DIFFICULTY", "0",
            "PODCHAIN_NETWORK_RETARGET_INTERVAL", "100000000",
            "PODCHAIN_MINING_AUTO", "false");

    private AppendCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (NodeProcess low = prepare(1_000); NodeProcess high = prepare(100_000)) {
            Appender atLow = new Appender(low);
            Appender atHigh = new Appender(high);
            // Alternate between the two nodes so that both see the same disk and CPU conditions over time.
            for (int round = 0; round < rounds; round++) {
                Appender first = round % 2 == 0 ? atLow : atHigh;
                Appender second = first == atLow ? atHigh : atLow;
                first.append(perRound);
                second.append(perRound);
            }
            double[] l = atLow.summary();
            double[] h = atHigh.summary();
            System.out.printf("append cost over REST, %d blocks at each height (ms): median %.3f at 1k, %.3f at 100k;"
                    + " mean %.3f / %.3f; p90 %.3f / %.3f%nratio of medians 100k/1k = %.2f%n",
                    rounds * perRound, l[0], h[0], l[1], h[1], l[2], h[2], h[0] / l[0]);
        }
    }

    /** A node whose chain was filled up to {@code height}, started. */
    private static NodeProcess prepare(long height) throws Exception {
        NodeProcess node = new NodeProcess(Files.createTempDirectory("podchain-append-bench"), "127.0.0.1", ENV);
        node.start();
        node.stop();
        fill(node.dataDir(), height);
        return node.start();
    }

    /** Appends blocks, each with one message, to one node and records the time of each POST. */
    private static final class Appender {
        private final NodeProcess node;
        private final List<Double> millis = new java.util.ArrayList<>();
        private BlockHeader parent;

        Appender(NodeProcess node) throws Exception {
            this.node = node;
            JsonNode chain = JSON.readTree(node.get("/api/chain").body());
            parent = BlockJsonReader.read(node.get("/api/blocks/" + chain.get("tipHash").asText()).body())
                    .toBlock().header();
        }

        void append(int count) {
            for (int i = 0; i < count; i++) {
                long timestamp = Math.max(System.currentTimeMillis(), parent.timestamp() + 1);
                Message message = Message.sign(MINER, "bench", "append " + (parent.height() + 1), timestamp);
                Block block = TestBlocks.mine(parent, 0, timestamp, List.of(message), MINER);
                String body = BlockJsonReader.write(BlockJson.of(block));
                long start = System.nanoTime();
                var response = node.post("/api/blocks", body);
                millis.add((System.nanoTime() - start) / 1e6);
                if (response.statusCode() != 200 || !response.body().contains("CONNECTED")) {
                    throw new IllegalStateException("append failed: " + response.body());
                }
                parent = block.header();
            }
        }

        /** Median, mean and 90th percentile. */
        double[] summary() {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new double[] {sorted[sorted.length / 2], Arrays.stream(sorted).average().orElseThrow(),
                    sorted[(int) (sorted.length * 0.9)]};
        }
    }

    /** Fills with unsigned headers: real hashes and links, nothing re-verifies stored ancestors. */
    private static void fill(Path dataDir, long height) throws Exception {
        ChainFiller.fill(dataDir, height, parent -> new Block(new BlockHeader(ConsensusLimits.BLOCK_VERSION,
                parent.height() + 1, parent.hash(), MerkleTree.root(List.of()), parent.timestamp() + 1, 0,
                MINER.publicKey(), Signature.NONE, parent.height() + 1), List.of()));
    }
}
