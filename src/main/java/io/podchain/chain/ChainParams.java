package io.podchain.chain;

import java.time.Duration;

/**
 * The consensus parameters of one network. Every node of a network must run with the same values: they decide
 * the genesis block and which difficulty each block must carry.
 *
 * @param networkId         names the network; decides the genesis block
 * @param initialDifficulty difficulty of the blocks before the first retarget
 * @param minDifficulty     floor for retargeting and for every block
 * @param retargetInterval  difficulty may change only at heights that are multiples of this
 * @param targetBlockTime   the block spacing retargeting steers toward
 */
public record ChainParams(String networkId, int initialDifficulty, int minDifficulty, int retargetInterval,
        Duration targetBlockTime) {

    /** Fewer than two blocks per window leaves no gap between two post-genesis blocks to measure. */
    public static final int MIN_RETARGET_INTERVAL = 2;

    public ChainParams {
        if (networkId == null || networkId.isBlank() || networkId.length() > 64) {
            throw new IllegalArgumentException("network id must be 1..64 characters");
        }
        if (minDifficulty < 0 || minDifficulty > ConsensusLimits.MAX_DIFFICULTY) {
            throw new IllegalArgumentException("min difficulty must be 0.." + ConsensusLimits.MAX_DIFFICULTY);
        }
        if (initialDifficulty < minDifficulty || initialDifficulty > ConsensusLimits.MAX_DIFFICULTY) {
            throw new IllegalArgumentException("initial difficulty must be between min difficulty and "
                    + ConsensusLimits.MAX_DIFFICULTY);
        }
        if (retargetInterval < MIN_RETARGET_INTERVAL) {
            throw new IllegalArgumentException("retarget interval must be at least " + MIN_RETARGET_INTERVAL);
        }
        if (targetBlockTime == null || targetBlockTime.toMillis() <= 0) {
            throw new IllegalArgumentException("target block time must be positive");
        }
    }
}
