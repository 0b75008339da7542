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

    /** @return the height of the checked chain */
    static long assertConsistent(NodeProcess node, ChainParams params) {
        JsonNode chain = json(node.get("/api/chain").body());
        BlockValidator validator = new BlockValidator(params, System::currentTimeMillis);
        Hash previous = null;
        BigInteger work = BigInteger.ZERO;
        long expectedHeight = 0;
        Long from = 0L;
        while (from != null) {
            JsonNode page = json(node.get("/api/blocks?limit=500&fromHeight=" + from).body());
            for (JsonNode blockJson : page.get("blocks")) {
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
            from = page.hasNonNull("nextFromHeight") ? page.get("nextFromHeight").asLong() : null;
        }
        assertThat(expectedHeight - 1).isEqualTo(chain.get("height").asLong());
        assertThat(previous.toHex()).isEqualTo(chain.get("tipHash").asText());
        return expectedHeight - 1;
    }
}
