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

    /** As Bitcoin: nodes' clocks may disagree by minutes, but a block from hours ahead is an attack on retargeting. */
    public static final Duration MAX_FUTURE_DRIFT = Duration.ofHours(2);

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
