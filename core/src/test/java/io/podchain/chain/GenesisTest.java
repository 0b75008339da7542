package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenesisTest {
    @Test
    void commitsToEveryConsensusParameter() {
        ChainParams base = new ChainParams("alpha", 16, 8, 20, java.time.Duration.ofSeconds(2), 5_000, 1_000_000);
        Hash genesis = Genesis.create(base).hash();
        java.util.List<ChainParams> others = java.util.List.of(
                new ChainParams("alpha", 17, 8, 20, java.time.Duration.ofSeconds(2), 5_000, 1_000_000),
                new ChainParams("alpha", 16, 7, 20, java.time.Duration.ofSeconds(2), 5_000, 1_000_000),
                new ChainParams("alpha", 16, 8, 21, java.time.Duration.ofSeconds(2), 5_000, 1_000_000),
                new ChainParams("alpha", 16, 8, 20, java.time.Duration.ofMillis(2001), 5_000, 1_000_000),
                new ChainParams("alpha", 16, 8, 20, java.time.Duration.ofSeconds(2), 4_999, 1_000_000),
                new ChainParams("alpha", 16, 8, 20, java.time.Duration.ofSeconds(2), 5_000, 999_999));
        for (ChainParams other : others) {
            assertThat(Genesis.create(other).hash()).as(other.toString()).isNotEqualTo(genesis);
        }
        assertThat(Genesis.create(new ChainParams("alpha", 16, 8, 20, java.time.Duration.ofSeconds(2), 5_000,
                1_000_000)).hash()).isEqualTo(genesis);
    }

    @Test
    void blockLimitsAreBoundedByTheConsensusCeilings() {
        java.time.Duration t = java.time.Duration.ofSeconds(2);
        new ChainParams("n", 1, 1, 2, t, 1, ConsensusLimits.MIN_BLOCK_BYTES);
        new ChainParams("n", 1, 1, 2, t, ConsensusLimits.MAX_MESSAGES_PER_BLOCK, ConsensusLimits.MAX_BLOCK_BYTES);
        for (int[] bad : new int[][] {{0, 100_000}, {ConsensusLimits.MAX_MESSAGES_PER_BLOCK + 1, 100_000},
                {10, ConsensusLimits.MIN_BLOCK_BYTES - 1}, {10, ConsensusLimits.MAX_BLOCK_BYTES + 1}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ChainParams("n", 1, 1, 2, t, bad[0], bad[1]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void isAPureFunctionOfTheNetworkParameters() {
        Block a = Genesis.create(ChainParams.defaults("alpha"));
        assertThat(Genesis.create(ChainParams.defaults("alpha")).canonicalBytes()).isEqualTo(a.canonicalBytes());
        assertThat(Genesis.create(ChainParams.defaults("beta")).hash()).isNotEqualTo(a.hash());
        assertThat(a.height()).isZero();
        assertThat(a.header().previousHash()).isEqualTo(Hash.ZERO);
        assertThat(a.header().timestamp()).isEqualTo(Genesis.TIMESTAMP);
        assertThat(a.messages()).isEmpty();
    }
}
