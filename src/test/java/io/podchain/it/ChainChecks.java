package io.podchain.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.Block;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import io.podchain.testing.BlockJsonReader;
import io.podchain.testing.NodeProcess;
import io.podchain.wire.BlockJson;
import java.math.BigInteger;

/** Reads a node's whole main chain over REST and checks it is one consistent, valid chain. */
final class ChainChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChainChecks() {
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the main chain up to the tip the node reports first; a node that is still mining may add blocks (or
     * reorganise) meanwhile, so a check whose tip has left the main chain by the time it is read is started again.
     *
     * @return the height of the checked chain
     */
    static long assertConsistent(NodeProcess node, ChainParams params) {
        for (int attempt = 1; ; attempt++) {
            JsonNode chain = json(node.get("/api/chain").body());
            long height = chain.get("height").asLong();
            String tip = chain.get("tipHash").asText();
            try {
                if (assertConsistentUpTo(node, params, height).toHex().equals(tip)) {
                    return height;
                }
            } catch (AssertionError brokenOrMoved) {
                if (json(node.get("/api/chain").body()).get("tipHash").asText().equals(tip) || attempt >= 5) {
                    throw brokenOrMoved; // the chain did not move, so what the check saw is what the node holds
                }
            }
            assertThat(attempt).as("the chain moved during %d checks in a row", attempt).isLessThan(5);
        }
    }

    /** Checks heights 0 to {@code height} of the main chain as listed now; returns the hash at {@code height}. */
    private static Hash assertConsistentUpTo(NodeProcess node, ChainParams params, long height) {
        BlockValidator validator = new BlockValidator(params, System::currentTimeMillis);
        Hash previous = null;
        BigInteger work = BigInteger.ZERO;
        long expectedHeight = 0;
        while (expectedHeight <= height) {
            JsonNode page = json(node.get("/api/blocks?limit=500&fromHeight=" + expectedHeight).body());
            assertThat(page.get("blocks")).as("blocks from height %d", expectedHeight).isNotEmpty();
            for (JsonNode blockJson : page.get("blocks")) {
                if (expectedHeight > height) {
                    break;
                }
                BlockJson view = BlockJsonReader.read(blockJson.toString());
                Block block = view.toBlock();
                assertThat(block.height()).isEqualTo(expectedHeight);
                assertThat(block.hash()).isEqualTo(view.declaredHash());
                if (previous != null) {
                    assertThat(block.header().previousHash()).as("link at %d", expectedHeight).isEqualTo(previous);
                    assertThat(validator.checkIntrinsic(block, view.declaredHash())).as("block %d", expectedHeight)
                            .isEmpty();
                }
                work = ChainWork.cumulative(work, block.header().difficulty());
                assertThat(new BigInteger(view.cumulativeWork())).isEqualTo(work);
                assertThat(view.mainChain()).isTrue();
                previous = block.hash();
                expectedHeight++;
            }
        }
        return previous;
    }
}
