package io.podchain.network;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.HeaderChain;
import io.podchain.chain.Violation;
import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainSummary;
import io.podchain.store.ChainStore;
import io.podchain.store.ChainWriter;
import io.podchain.store.Finality;
import io.podchain.sync.SyncChain;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The node's chain for sync: the store's queries, finality, and the writer's page path. */
@ApplicationScoped
class StoredSyncChain implements SyncChain {
    private final ChainStore store;
    private final ChainWriter writer;
    private final Finality finality;

    StoredSyncChain(ChainStore store, ChainWriter writer, Finality finality) {
        this.store = store;
        this.writer = writer;
        this.finality = finality;
    }

    @Override
    public ChainSummary summary() {
        return store.summary();
    }

    @Override
    public List<Hash> mainHashesAt(List<Long> heights) {
        return store.mainHashesAt(heights);
    }

    @Override
    public Optional<BigInteger> cumulativeWork(Hash hash) {
        return store.cumulativeWork(hash);
    }

    @Override
    public List<Violation> checkHeaders(HeaderChain checked, List<BlockHeader> headers) {
        return store.checkHeaders(checked, headers);
    }

    @Override
    public Set<Hash> known(List<Hash> hashes) {
        return store.known(hashes);
    }

    @Override
    public Optional<Violation> forkTooDeep(BlockHeader first) {
        return finality.violation(first);
    }

    @Override
    public List<List<Violation>> checkIntrinsic(List<Block> blocks) {
        return writer.checkIntrinsic(blocks);
    }

    @Override
    public List<ApplyResult> applyPage(List<Block> blocks, List<List<Violation>> intrinsic) {
        return writer.applyChecked(blocks, intrinsic);
    }
}
