package io.podchain.store;

import io.podchain.chain.Block;
import java.math.BigInteger;

/** A block as this node keeps it: with its cumulative work and whether it is on the main chain. */
public record StoredBlock(Block block, BigInteger cumulativeWork, boolean mainChain) {
}
