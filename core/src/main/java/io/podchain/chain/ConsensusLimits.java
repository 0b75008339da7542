package io.podchain.chain;

import java.time.Duration;

/**
 * Every consensus limit, with the reason for its value. Changing one is a hard fork: nodes that disagree on a
 * limit disagree on which blocks are valid.
 */
public final class ConsensusLimits {
    private ConsensusLimits() {
    }

    /** Block format version this code produces and accepts; a new format would bump it. */
    public static final int BLOCK_VERSION = 1;

    /** Recipient ids are user ids or addresses, not documents: 128 UTF-8 bytes is generous for that. */
    public static final int MAX_RECIPIENT_BYTES = 128;

    /** Messages are short signed notes (the original's chat-like text); 4 KiB keeps blocks small. */
    public static final int MAX_CONTENT_BYTES = 4 * 1024;

    /**
     * The largest block size any network may choose ({@link ChainParams#maxBlockBytes}), as Bitcoin before SegWit:
     * bounds storage growth and the time a peer needs to download and check a block; the REST body limit and the
     * peer protocol's page size are set so that such a block always fits.
     */
    public static final int MAX_BLOCK_BYTES = 1_000_000;

    /** The smallest block size a network may choose: a header and one message of the largest size fit. */
    public static final int MIN_BLOCK_BYTES = 8 * 1024;

    /**
     * The most messages per block any network may choose ({@link ChainParams#maxBlockMessages}): bounds the
     * signature checks one block can demand of a node that has not seen its messages (about a second on one core at
     * the measured ~9,500 verifies/s), so a block at the limit cannot stall a node.
     */
    public static final int MAX_MESSAGES_PER_BLOCK = 10_000;

    /**
     * How far ahead of a node's clock a block's or a message's timestamp may be. Bitcoin allows 2 hours, 12 of its
     * 10-minute blocks; at a 2 s block time that is 3,600 blocks, and a miner whose clock ran 2 hours ahead had its
     * blocks accepted and then held every honest miner back (each waits for its pace after its parent's
     * timestamp, and a median of future timestamps pushes every successor ahead too). 15 s is Ethereum's bound at
     * its 12 s blocks: seven of our block times, far beyond the skew of clocks kept by NTP in a cluster (milliseconds)
     * and the time a block takes to travel, so an honest block is never refused for it, while one from a clock
     * minutes off is; such a block is refused without blame and may be taken once the clocks agree
     * ({@link Rule#isTimeDependent}).
     */
    public static final Duration MAX_FUTURE_DRIFT = Duration.ofSeconds(15);

    /** As Bitcoin: a block's timestamp must exceed the median of this many predecessors (median time past). */
    public static final int MEDIAN_TIME_SPAN = 11;

    /**
     * The most difficulty may move at one retarget, in bits (a factor of 4 in work, as Bitcoin's bound): large enough
     * to follow pods being added or removed within a few intervals, small enough that one odd interval cannot
     * swing it wildly.
     */
    public static final int MAX_RETARGET_STEP_BITS = 2;

    /** Difficulty is a count of leading zero bits of a 256-bit digest. */
    public static final int MAX_DIFFICULTY = 255;
}
