package io.podchain.node;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Consensus parameters: every node of one network must use the same values; the genesis block commits to them, so
 * a node configured otherwise is refused by its peers (see {@link io.podchain.chain.ChainParams}).
 */
@ConfigMapping(prefix = "podchain.network")
public interface ConsensusConfig {
    /** Names the network and decides its genesis block. */
    @WithDefault("podchain-dev")
    String id();

    /**
     * Leading zero bits required before the first retarget. 18 bits: a quarter second of one idle node's hashing at
     * the default CPU share (~0.9 M hashes/s), a second or more under load; with the pace the first blocks come
     * about as often as the target asks.
     */
    @WithDefault("18")
    int initialDifficulty();

    /** Floor of retargeting. */
    @WithDefault("8")
    int minDifficulty();

    /** Blocks between difficulty adjustments. */
    @WithDefault("20")
    int retargetInterval();

    /** Block spacing that retargeting steers toward (see {@link io.podchain.chain.ChainParams#DEFAULT_TARGET_BLOCK_TIME}). */
    @WithDefault("2s")
    Duration targetBlockTime();

    /** Messages one block may carry (see {@link io.podchain.chain.ChainParams#DEFAULT_MAX_BLOCK_MESSAGES}). */
    @WithDefault("5000")
    int maxBlockMessages();

    /** Encoded bytes one block may take, at most 1,000,000. */
    @WithDefault("1000000")
    int maxBlockBytes();
}
