package io.podchain.node;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Consensus parameters: every node of one network must use the same values (see {@link io.podchain.chain.ChainParams}). */
@ConfigMapping(prefix = "podchain.network")
public interface NetworkConfig {
    /** Names the network and decides its genesis block. */
    @WithDefault("podchain-dev")
    String id();

    /** Leading zero bits required before the first retarget. 16 bits: well under a second on one core. */
    @WithDefault("16")
    int initialDifficulty();

    /** Floor of retargeting. */
    @WithDefault("8")
    int minDifficulty();

    /** Blocks between difficulty adjustments. */
    @WithDefault("20")
    int retargetInterval();

    /** Block spacing that retargeting steers toward. */
    @WithDefault("10s")
    Duration targetBlockTime();
}
