package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.Hash;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.TipHeaders;
import io.podchain.chain.Violation;
import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainSummary;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.SideBranchQuota;
import io.podchain.testing.InMemoryChain;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Our chain in memory, for the network's handlers without a database: blocks are judged by the consensus rules
 * against the blocks held ({@link BlockValidator}, {@link InMemoryChain}), a child of the tip extends the main chain
 * and any other valid block is a side branch (the tests here do not reorganise). What the store does beyond that
 * (finality, the side-branch bound, rows) is the store's tests' business.
 */
final class MemoryChain implements LocalChain {
    private final BlockValidator validator;
    private final InMemoryChain context;
    private final Map<Hash, Block> blocks = new HashMap<>();
    private final List<BlockHeader> main = new ArrayList<>();
    private BigInteger work;
    /** Blocks given to {@link #apply}, in order: what the store was asked to take. */
    final List<Block> applied = new ArrayList<>();
    /** Runs as a block is applied, before it is judged: what the test looks at while the store works. */
    Consumer<Block> whileApplying = block -> {
    };
    /** When set, the next apply fails as a database would, without judging the block. */
    boolean failNextApply;

    MemoryChain(BlockValidator validator, Block genesis) {
        this.validator = validator;
        this.context = new InMemoryChain(genesis);
        blocks.put(genesis.hash(), genesis);
        main.add(genesis.header());
        work = ProofOfWork.work(genesis.header().difficulty());
    }

    BlockHeader tip() {
        return main.get(main.size() - 1);
    }

    /** The blocks held, as the consensus rules read them (difficulty and earliest time of a next block). */
    InMemoryChain context() {
        return context;
    }

    boolean holds(Hash hash) {
        return blocks.containsKey(hash);
    }

    /** Extends the main chain without a peer, as the node's own miner or a sync would. */
    void extend(Block block) {
        ApplyResult result = apply(block, validator.checkIntrinsic(block, null), null);
        if (result.outcome() != ApplyResult.Outcome.CONNECTED) {
            throw new IllegalArgumentException("not a valid child of the tip: " + result);
        }
    }

    @Override
    public synchronized ChainSummary summary() {
        return new ChainSummary(validator.params().networkId(), main.get(0).hash(), tip(), work);
    }

    @Override
    public Hash genesisHash() {
        return main.get(0).hash();
    }

    @Override
    public synchronized List<BlockHeader> headersAfter(List<Hash> locator, Hash stop, int max) {
        int from = 0;
        for (Hash hash : locator) {
            int at = main.stream().map(BlockHeader::hash).toList().indexOf(hash);
            if (at >= 0) {
                from = at;
                break;
            }
        }
        List<BlockHeader> after = new ArrayList<>();
        for (int i = from + 1; i < main.size() && after.size() < max; i++) {
            after.add(main.get(i));
            if (main.get(i).hash().equals(stop)) {
                break;
            }
        }
        return after;
    }

    @Override
    public synchronized List<Block> blocks(List<Hash> hashes) {
        return hashes.stream().map(blocks::get).filter(b -> b != null).toList();
    }

    @Override
    public synchronized Optional<TipHeaders> tipHeaders() {
        int capacity = TipHeaders.capacityFor(validator.params());
        return Optional.of(new TipHeaders(main.subList(Math.max(0, main.size() - capacity), main.size()), capacity));
    }

    @Override
    public synchronized ApplyResult apply(Block block, List<Violation> intrinsic, SideBranchQuota quota) {
        applied.add(block);
        whileApplying.accept(block);
        if (failNextApply) {
            failNextApply = false;
            throw new IllegalStateException("the database went away");
        }
        if (blocks.containsKey(block.hash())) {
            return new ApplyResult(ApplyResult.Outcome.ALREADY_KNOWN, block.hash(), List.of(), Optional.empty());
        }
        List<Violation> violations = new ArrayList<>(intrinsic);
        if (violations.isEmpty()) {
            violations.addAll(validator.checkContext(block, context));
        }
        if (!violations.isEmpty()) {
            return new ApplyResult(ApplyResult.Outcome.REJECTED, block.hash(), violations, Optional.empty());
        }
        blocks.put(block.hash(), block);
        context.add(block);
        if (!block.header().previousHash().equals(tip().hash())) {
            return new ApplyResult(ApplyResult.Outcome.SIDE_BRANCH, block.hash(), List.of(), Optional.empty());
        }
        Hash previous = tip().hash();
        main.add(block.header());
        work = work.add(ProofOfWork.work(block.header().difficulty()));
        return new ApplyResult(ApplyResult.Outcome.CONNECTED, block.hash(), List.of(), Optional.of(
                new ChainTipChanged(previous, block.hash(), block.header().height(), work, List.of(block.hash()),
                        List.of(), block)));
    }
}
