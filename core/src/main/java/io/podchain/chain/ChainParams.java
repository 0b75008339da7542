package io.podchain.chain;

import java.time.Duration;

/**
 * The consensus parameters of one network. Every node of a network must run with the same values: they decide
 * which difficulty and how many messages each block may carry, so the genesis block commits to all of them
 * ({@link Genesis}) and a node configured otherwise is a node of another network, refused at the handshake.
 *
 * @param networkId         names the network
 * @param initialDifficulty difficulty of the blocks before the first retarget
 * @param minDifficulty     floor for retargeting and for every block
 * @param retargetInterval  difficulty may change only at heights that are multiples of this
 * @param targetBlockTime   the block spacing retargeting steers toward
 * @param maxBlockMessages  messages one block may carry, at most {@link ConsensusLimits#MAX_MESSAGES_PER_BLOCK}
 * @param maxBlockBytes     encoded size of a block, at most {@link ConsensusLimits#MAX_BLOCK_BYTES}
 */
public record ChainParams(String networkId, int initialDifficulty, int minDifficulty, int retargetInterval,
        Duration targetBlockTime, int maxBlockMessages, int maxBlockBytes) {

    /** Fewer than two blocks per window leaves no gap between two post-genesis blocks to measure. */
    public static final int MIN_RETARGET_INTERVAL = 2;

    /**
     * A cluster network's block spacing, chosen from measurements (README, "Consensus parameters"): 2 s keeps a
     * confirmation within seconds, while a block crosses a 5-node cluster in tens of milliseconds, so two miners
     * rarely find blocks within one propagation delay of each other (stale blocks ~1-2 %).
     */
    public static final Duration DEFAULT_TARGET_BLOCK_TIME = Duration.ofSeconds(2);

    /**
     * Room for 2,500 messages/s at the 2 s spacing, 2.5 times the rate a 3-node network on 2 cores confirms; a block
     * of unseen messages costs about half a second of signature checks on one core, a block of messages the pool
     * already checked almost none (signature cache).
     */
    public static final int DEFAULT_MAX_BLOCK_MESSAGES = 5_000;

    /** Parameters with this project's defaults for everything but the network id and the difficulty. */
    public ChainParams(String networkId, int initialDifficulty, int minDifficulty, int retargetInterval,
            Duration targetBlockTime) {
        this(networkId, initialDifficulty, minDifficulty, retargetInterval, targetBlockTime,
                DEFAULT_MAX_BLOCK_MESSAGES, ConsensusLimits.MAX_BLOCK_BYTES);
    }

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
        if (maxBlockMessages < 1 || maxBlockMessages > ConsensusLimits.MAX_MESSAGES_PER_BLOCK) {
            throw new IllegalArgumentException("max block messages must be 1.." + ConsensusLimits.MAX_MESSAGES_PER_BLOCK);
        }
        if (maxBlockBytes < ConsensusLimits.MIN_BLOCK_BYTES || maxBlockBytes > ConsensusLimits.MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("max block bytes must be " + ConsensusLimits.MIN_BLOCK_BYTES + ".."
                    + ConsensusLimits.MAX_BLOCK_BYTES);
        }
    }

    /** With the default parameters of a cluster network (as a node without configuration runs). */
    public static ChainParams defaults(String networkId) {
        return new ChainParams(networkId, 18, 8, 20, DEFAULT_TARGET_BLOCK_TIME);
    }

    /** Every field, in a fixed order: what the genesis block commits to. */
    byte[] canonicalBytes() {
        byte[] id = networkId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new CanonicalWriter(id.length + 2 + 4 * 4 + 8 + 4).bytes16(id).u32(initialDifficulty)
                .u32(minDifficulty).u32(retargetInterval).i64(targetBlockTime.toMillis()).u32(maxBlockMessages)
                .u32(maxBlockBytes).toByteArray();
    }
}
