package io.podchain.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenesisTest {
    @Test
    void isAPureFunctionOfTheNetworkId() {
        Block a = Genesis.create("alpha");
        assertThat(Genesis.create("alpha").canonicalBytes()).isEqualTo(a.canonicalBytes());
        assertThat(Genesis.create("beta").hash()).isNotEqualTo(a.hash());
        assertThat(a.height()).isZero();
        assertThat(a.header().previousHash()).isEqualTo(Hash.ZERO);
        assertThat(a.header().timestamp()).isEqualTo(Genesis.TIMESTAMP);
        assertThat(a.messages()).isEmpty();
    }
}
