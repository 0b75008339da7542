package io.podchain.network;

import io.podchain.p2p.LocalChain;
import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.TipHeaders;
import io.podchain.chain.Violation;
import io.podchain.ledger.ApplyResult;
import io.podchain.store.ChainStore;
import io.podchain.ledger.ChainSummary;
import io.podchain.store.ChainTipHeaders;
import io.podchain.store.ChainWriter;
import io.podchain.ledger.SideBranchQuota;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The node's chain for the network: the store's rows and queries, its writer, and the tip's headers it keeps. */
@ApplicationScoped
class StoredChain implements LocalChain {
    private final ChainStore store;
    private final ChainWriter writer;
    private final ChainTipHeaders tipHeaders;

    StoredChain(ChainStore store, ChainWriter writer, ChainTipHeaders tipHeaders) {
        this.store = store;
        this.writer = writer;
        this.tipHeaders = tipHeaders;
    }

    @Override
    public ChainSummary summary() {
        return store.summary();
    }

    @Override
    public Hash genesisHash() {
        return store.genesis().hash();
    }

    @Override
    public List<BlockHeader> headersAfter(List<Hash> locator, Hash stop, int max) {
        return store.headersAfter(locator, stop, max);
    }

    @Override
    public List<Block> blocks(List<Hash> hashes) {
        return store.blocks(hashes);
    }

    @Override
    public Optional<TipHeaders> tipHeaders() {
        return tipHeaders.current();
    }

    @Override
    public ApplyResult apply(Block block, List<Violation> intrinsic, SideBranchQuota quota) {
        return writer.applyChecked(block, intrinsic, quota);
    }
}
