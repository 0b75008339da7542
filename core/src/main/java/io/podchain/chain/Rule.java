package io.podchain.chain;

/** The named consensus rules. A rejected block or message reports every rule it breaks. */
public enum Rule {
    /** The block does not build on the block it was expected to follow: a fork. */
    PREV_HASH_MISMATCH,
    /** The previous block is not known to this node. */
    UNKNOWN_PARENT,
    /** The height is not the parent's plus one: a gap (the original's "missed block"). */
    HEIGHT_MISMATCH,
    /** The hash the sender declared is not the hash of the header. */
    INVALID_HASH,
    /** The hash has fewer leading zero bits than the header's difficulty. */
    INSUFFICIENT_WORK,
    /** The difficulty is not the one retargeting requires at this height. */
    BAD_DIFFICULTY,
    /** The miner's signature over the header does not verify (or is high-S). */
    INVALID_BLOCK_SIGNATURE,
    /** A message's signature does not verify (or is high-S). */
    INVALID_MESSAGE_SIGNATURE,
    /** The Merkle root is not the root of the block's message ids. */
    BAD_MERKLE_ROOT,
    /** More than {@link ConsensusLimits#MAX_FUTURE_DRIFT} ahead of this node's clock. */
    TIMESTAMP_TOO_NEW,
    /** Not after the median timestamp of the previous {@link ConsensusLimits#MEDIAN_TIME_SPAN} blocks. */
    TIMESTAMP_TOO_OLD,
    /** A message already in this branch, or twice in the block. */
    DUPLICATE_MESSAGE,
    /** Over a size or count limit. */
    OVERSIZED,
    /** Fields that do not form a well-formed object. */
    MALFORMED,
    /**
     * Node policy rather than consensus (finality): the block's branch leaves the main chain more than
     * {@code podchain.chain.max-fork-depth} blocks below the tip, whatever work it carries. Such a block is not stored:
     * what is final stays, and side branches cannot fill the disk.
     */
    FORK_TOO_DEEP,
    /**
     * Node policy: the block would not become the tip and the node already keeps
     * {@code podchain.chain.max-side-branch-blocks} side-branch blocks above the final height.
     */
    SIDE_BRANCHES_FULL;

    /**
     * Checked against the messages of the block's branch, which only the store knows: the one rule a block is not
     * checked for before it is relayed (its header, proof of work and signatures are), so an honest relayer may pass
     * on a block that breaks it, and its producer is to blame. A message twice in one block breaks it too, but that
     * is checked on the block alone, before any relay.
     */
    public boolean needsBranchMessages() {
        return this == DUPLICATE_MESSAGE;
    }

    /**
     * Broken only as of this node's clock: a block ahead of it may be valid a few seconds later, or this node's clock
     * may be the wrong one. As Bitcoin Core's {@code BLOCK_TIME_FUTURE}, such a block is refused, never remembered as
     * invalid and not held against its sender or producer, so that one wrong clock costs its owner its blocks and
     * nobody a peer.
     */
    public boolean isTimeDependent() {
        return this == TIMESTAMP_TOO_NEW;
    }

    /** A node's policy, not consensus: a block refused for it is not held against its sender. */
    public boolean isPolicy() {
        return this == FORK_TOO_DEEP || this == SIDE_BRANCHES_FULL;
    }
}
