package io.podchain.chain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The stored block tree as {@link ForkChoice} reads it: each block's parent, height and cumulative work, and whether
 * it is on the main chain. The node's is its block table ({@code ChainWriter}, under the chain lock); the
 * simulator's and the tests' is a {@link BlockTree} in memory.
 */
public interface BlockIndex {
    /** A block in the tree. */
    record Entry(Hash hash, Hash parent, long height, BigInteger cumulativeWork, boolean onMainChain) {
    }

    /** The stored block with this hash, if any. */
    Optional<Entry> entry(Hash hash);

    /** The main chain's tip. */
    Entry tip();
}
