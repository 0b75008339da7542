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
