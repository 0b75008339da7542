package io.podchain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.chain.Block;
import io.podchain.chain.Genesis;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every block of a page is checked exactly once, and the results come back in the page's order. */
class IntrinsicCheckPoolTest {
    private final IntrinsicCheckPool pool = new IntrinsicCheckPool();

    @AfterEach
    void shutdown() {
        pool.shutdown();
    }

    @Property(tries = 40)
    void checksEveryBlockOnceAndKeepsTheOrder(@ForAll @IntRange(min = 0, max = 300) int size) {
        IntrinsicCheckPool fresh = new IntrinsicCheckPool();
        try {
            // distinct objects (the same genesis content), so each block is identified by its position
            List<Block> blocks = IntStream.range(0, size).mapToObj(i -> Genesis.create("pool-test")).toList();
            Map<Block, AtomicInteger> checks = Collections.synchronizedMap(new java.util.IdentityHashMap<>());
            List<List<Violation>> results = fresh.checkAll(blocks, block -> {
                checks.computeIfAbsent(block, b -> new AtomicInteger()).incrementAndGet();
                return List.of(new Violation(Rule.MALFORMED, "block " + indexOf(blocks, block)));
            });

            assertThat(results).hasSize(size);
            for (int i = 0; i < size; i++) {
                assertThat(results.get(i)).extracting(Violation::detail).containsExactly("block " + i);
                assertThat(checks.get(blocks.get(i))).hasValue(1);
            }
        } finally {
            fresh.shutdown();
        }
    }

    @Test
    void aCheckThatThrowsFailsThePageInsteadOfLeavingAGap() {
        List<Block> blocks = IntStream.range(0, 50).mapToObj(i -> Genesis.create("pool-test")).toList();
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
