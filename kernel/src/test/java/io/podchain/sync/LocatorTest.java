package io.podchain.sync;

import io.podchain.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.podchain.p2p.P2pLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocatorTest {
    @Test
    void tenSingleStepsThenDoublingThenGenesis() {
        assertThat(Locator.heights(0)).containsExactly(0L);
        assertThat(Locator.heights(5)).containsExactly(5L, 4L, 3L, 2L, 1L, 0L);
        assertThat(Locator.heights(100)).containsExactly(100L, 99L, 98L, 97L, 96L, 95L, 94L, 93L, 92L, 91L, 89L,
                85L, 77L, 61L, 29L, 0L);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries300")
    void boundedDescendingAndEndingAtGenesis(long seed) {
        Gen gen = new Gen(seed);
        long tip = gen.longIn(0, Long.MAX_VALUE / 4);
        List<Long> heights = Locator.heights(tip);
        assertThat(heights.size()).isLessThanOrEqualTo(P2pLimits.MAX_LOCATOR_ENTRIES);
        assertThat(heights.get(0)).isEqualTo(tip);
        assertThat(heights.get(heights.size() - 1)).isZero();
        for (int i = 1; i < heights.size(); i++) {
            assertThat(heights.get(i)).isLessThan(heights.get(i - 1));
        }
    }
}
