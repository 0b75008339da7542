package io.podchain.store;

import io.podchain.chain.BlockHeader;

/** What a block built on the current tip must carry. */
public record NextBlock(BlockHeader parent, int difficulty, long earliestTimestamp) {
}
