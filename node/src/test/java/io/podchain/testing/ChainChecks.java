package io.podchain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podchain.chain.Block;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import io.podchain.wire.BlockJson;
import java.math.BigInteger;
import java.util.function.Function;

/** Reads a node's whole main chain over REST and checks it is one consistent, valid chain. */
public final class ChainChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChainChecks() {
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks started again because the node's chain moved meanwhile, at most. */
    private static final int MAX_ATTEMPTS = 5;

    /** What one listing of the main chain up to a height found. */
    private record Listing(Hash hashAtHeight, boolean blocksAbove) {
    }

    /**
     * Checks the main chain up to the tip the node reports first. A node that is still mining may add blocks (or
     * reorganise) meanwhile: blocks listed above that tip are then expected, and a check that failed or whose tip
     * left the main chain is started again; while the chain stands still, every discrepancy fails.
     *
     * @param get the body of a GET of an API path of the node (a process, a pod, ...)
     * @return the height of the checked chain
     */
    public static long assertConsistent(Function<String, String> get, ChainParams params) {
        for (int attempt = 1; ; attempt++) {
            JsonNode chain = json(get.apply("/api/chain"));
            long height = chain.get("height").asLong();
            Hash tip = Hash.fromHex(chain.get("tipHash").asText());
            Listing listing = null;
            AssertionError broken = null;
            try {
                listing = assertConsistentUpTo(get, params, height);
            } catch (AssertionError e) {
                broken = e;
            }
            boolean moved = !json(get.apply("/api/chain")).get("tipHash").asText().equals(tip.toHex());
            if (broken == null && listing.hashAtHeight().equals(tip)) {
                assertThat(listing.blocksAbove() && !moved).as("main-chain blocks listed above the tip").isFalse();
                return height;
            }
            if (!moved) {
                if (broken != null) {
                    throw broken; // the chain stood still, so what the check saw is what the node holds
                }
                assertThat(listing.hashAtHeight()).as("main-chain block at the tip's height").isEqualTo(tip);
            }
            assertThat(attempt).as("the chain moved during %d checks in a row", attempt).isLessThan(MAX_ATTEMPTS);
        }
    }

    /** Checks heights 0 to {@code height} of the main chain as listed now. */
    private static Listing assertConsistentUpTo(Function<String, String> get, ChainParams params, long height) {
        BlockValidator validator = new BlockValidator(params, System::currentTimeMillis);
        Hash previous = null;
        BigInteger work = BigInteger.ZERO;
        long expectedHeight = 0;
        boolean blocksAbove = false;
        while (expectedHeight <= height) {
            JsonNode page = json(get.apply("/api/blocks?limit=500&fromHeight=" + expectedHeight));
            assertThat(page.get("blocks")).as("blocks from height %d", expectedHeight).isNotEmpty();
            for (JsonNode blockJson : page.get("blocks")) {
                if (expectedHeight > height) {
                    blocksAbove = true;
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
        if (!blocksAbove) {
            JsonNode next = json(get.apply("/api/blocks?limit=1&fromHeight=" + (height + 1)));
            blocksAbove = !next.get("blocks").isEmpty();
        }
        return new Listing(previous, blocksAbove);
    }
}
