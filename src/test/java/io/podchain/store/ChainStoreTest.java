package io.podchain.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.chain.Block;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.Rule;
import io.podchain.chain.SigningKey;
import io.podchain.testing.EmbeddedPostgresResource;
import io.podchain.testing.TestBlocks;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class ChainStoreTest {
    private static final SigningKey MINER = TestBlocks.key("chain-store-test");

    @Inject
    ChainStore chain;

    private Block next(Block parentBlock, List<Message> messages) {
        long timestamp = Math.max(System.currentTimeMillis(), parentBlock.header().timestamp() + 1);
        return TestBlocks.mine(parentBlock.header(), chain.nextBlock().difficulty(), timestamp, messages, MINER);
    }

    @Test
    void aPageIsAppliedInOrderUpToTheFirstBadBlock() {
        Block tip = chain.block(chain.summary().tip().hash()).orElseThrow().block();
        Message message = Message.sign(MINER, "page", "in the first block", System.currentTimeMillis());
        Block first = next(tip, List.of(message));
        Block second = next(first, List.of());
        Block forged = new Block(TestBlocks.solve(second.header().withSignature(MINER.sign(Hash.ZERO))), List.of());
        Block third = next(second, List.of());

        List<ApplyResult> results = chain.applyAll(List.of(first, forged, third));

        assertThat(results).extracting(ApplyResult::outcome)
                .containsExactly(ApplyResult.Outcome.CONNECTED, ApplyResult.Outcome.REJECTED);
        assertThat(results.get(1).violations()).extracting(v -> v.rule()).contains(Rule.INVALID_BLOCK_SIGNATURE);
        assertThat(chain.summary().tip().hash()).isEqualTo(first.hash());
        assertThat(chain.contains(third.hash())).isFalse();

        List<ApplyResult> rest = chain.applyAll(List.of(second, third));
        assertThat(rest).extracting(ApplyResult::outcome)
                .containsExactly(ApplyResult.Outcome.CONNECTED, ApplyResult.Outcome.CONNECTED);
        assertThat(chain.summary().tip().hash()).isEqualTo(third.hash());
        assertThat(chain.mainBlockAt(first.height()).orElseThrow().block().messages()).containsExactly(message);
    }
}
