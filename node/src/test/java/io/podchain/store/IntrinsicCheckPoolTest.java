package io.podchain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.chain.Block;
import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every block of a page is checked exactly once, and the results come back in the page's order. */
class IntrinsicCheckPoolTest {
    private final IntrinsicCheckPool pool = new IntrinsicCheckPool();

    @AfterEach
    void shutdown() {
        pool.shutdown();
    }

    /** Empty, single, around every multiple of the claim size, and a full page of 500. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 299, 500})
    void checksEveryBlockOnceAndKeepsTheOrder(int size) {
        // distinct objects (the same genesis content), so each block is identified by its position
        List<Block> blocks = IntStream.range(0, size).mapToObj(i -> Genesis.create(ChainParams.defaults("pool-test"))).toList();
        Map<Block, AtomicInteger> checks = Collections.synchronizedMap(new IdentityHashMap<>());
        List<List<Violation>> results = pool.checkAll(blocks, block -> {
            checks.computeIfAbsent(block, b -> new AtomicInteger()).incrementAndGet();
            return List.of(new Violation(Rule.MALFORMED, "block " + indexOf(blocks, block)));
        });

        assertThat(results).hasSize(size);
        for (int i = 0; i < size; i++) {
            assertThat(results.get(i)).extracting(Violation::detail).containsExactly("block " + i);
            assertThat(checks.get(blocks.get(i))).hasValue(1);
        }
    }

    @Test
    void aCheckThatThrowsFailsThePageInsteadOfLeavingAGap() {
        List<Block> blocks = IntStream.range(0, 50).mapToObj(i -> Genesis.create(ChainParams.defaults("pool-test"))).toList();
        assertThatThrownBy(() -> pool.checkAll(blocks, block -> {
            if (indexOf(blocks, block) == 37) {
                throw new IllegalArgumentException("broken block");
            }
            return List.of();
        })).hasRootCauseMessage("broken block");
        assertThat(pool.checkAll(blocks, block -> List.of())).hasSize(50).allMatch(List::isEmpty);
    }

    private static int indexOf(List<Block> blocks, Block block) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i) == block) {
                return i;
            }
        }
        throw new IllegalArgumentException("not in the page");
    }
}
