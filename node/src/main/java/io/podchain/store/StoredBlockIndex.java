package io.podchain.store;

import io.podchain.chain.BlockIndex;
import io.podchain.chain.Hash;
import java.util.Optional;

/**
 * The block table as fork choice reads it, inside the transaction that holds the chain lock: rows by hash (the
 * persistence context keeps what was read), the tip as the locked chain state names it.
 */
final class StoredBlockIndex implements BlockIndex {
    private final Entry tip;

    StoredBlockIndex(BlockEntity tip) {
        this.tip = entry(tip);
    }

    static Entry entry(BlockEntity block) {
        return new Entry(Hash.fromHex(block.hash), Hash.fromHex(block.previousHash), block.height,
                block.cumulativeWork, block.mainChain);
    }

    @Override
    public Optional<Entry> entry(Hash hash) {
        return BlockEntity.byHash(hash).map(StoredBlockIndex::entry);
    }

    @Override
    public Entry tip() {
        return tip;
    }
}
