package io.podchain.sim;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockIndex;
import io.podchain.chain.BlockTree;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainContext;
import io.podchain.chain.ForkChoice;
import io.podchain.chain.Hash;
import io.podchain.chain.HeaderChain;
import io.podchain.chain.Message;
import io.podchain.chain.Rule;
import io.podchain.chain.TipHeaders;
import io.podchain.chain.Violation;
import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainSummary;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.SideBranchQuota;
import io.podchain.ledger.TipBlockValidated;
import io.podchain.p2p.LocalChain;
import io.podchain.sync.SyncChain;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A simulated node's chain, what its database holds (it survives a crash): the blocks, the block tree and fork
 * choice of {@code core} ({@link BlockTree}), the consensus rules of {@link BlockValidator}, finality and the
 * side-branch bound as the node's writer applies them, and the messages moved between the chain and the pool on
 * every move of the tip. Tells its listener what the node's store would publish.
 */
final class SimChain implements LocalChain, SyncChain, ChainContext {
    /** What the store publishes: the kernel is told, and the simulation records arrivals. */
    interface Listener {
        void validated(TipBlockValidated validated);

        void stored(Block block);

        void tipChanged(ChainTipChanged change);
    }

    private final BlockValidator validator;
    private final BlockTree tree;
    private final Block genesis;
    private final int maxForkDepth;
    private final int maxSideBranchBlocks;
    private final SimPool pool;
    private final Map<Hash, Block> blocks = new HashMap<>();
    /** Which blocks hold each message (any branch). */
    private final Map<Hash, List<Hash>> blocksOfMessage = new HashMap<>();
    /** Message id to the main-chain block holding it. */
    private final Map<Hash, Hash> onMainChain = new HashMap<>();
    private int sideBranchBlocks;
    private TipHeaders tipHeaders;
    private Listener listener;
    /** The planted bug {@link Simulation.Plant#REORG_DROPS_MESSAGES}. */
    private final boolean reorgDropsMessages;

    SimChain(BlockValidator validator, Block genesis, int maxForkDepth, int maxSideBranchBlocks, SimPool pool,
            boolean reorgDropsMessages) {
        this.validator = validator;
        this.reorgDropsMessages = reorgDropsMessages;
        this.genesis = genesis;
        this.maxForkDepth = maxForkDepth;
        this.maxSideBranchBlocks = maxSideBranchBlocks;
        this.pool = pool;
        this.tree = new BlockTree(genesis.header(), maxForkDepth);
        blocks.put(genesis.hash(), genesis);
    }

    void listen(Listener to) {
        listener = to;
    }

    BlockHeader tip() {
        return blocks.get(tree.tip().hash()).header();
    }

    BlockIndex.Entry tipEntry() {
        return tree.tip();
    }

    /** The main-chain block holding {@code message}, if any. */
    Optional<Hash> blockOf(Hash message) {
        return Optional.ofNullable(onMainChain.get(message));
    }

    /** Messages that the main chain holds more than once (walked from the tip; zero when the rules hold). */
    int messagesOnMainChainMoreThanOnce() {
        Set<Hash> seen = new HashSet<>();
        int twice = 0;
        for (long height = tree.tip().height(); height > 0; height--) {
            for (Message message : blocks.get(tree.mainAt(height).orElseThrow()).messages()) {
                if (!seen.add(message.id())) {
                    twice++;
                }
            }
        }
        return twice;
    }

    // ---- the consensus rules' view (ChainContext) ----

    @Override
    public Optional<BlockHeader> header(Hash hash) {
        Block block = blocks.get(hash);
        return block == null ? Optional.empty() : Optional.of(block.header());
    }

    private BlockHeader parentOf(BlockHeader header) {
        return blocks.get(header.previousHash()).header();
    }

    /** The ancestor of {@code tip} at {@code height}: up the side branch, then the main chain's index. */
    private Hash ancestorAt(Hash tip, long height) {
        BlockIndex.Entry cursor = tree.entry(tip).orElseThrow();
        while (!cursor.onMainChain() && cursor.height() > height) {
            cursor = tree.entry(cursor.parent()).orElseThrow();
        }
        return cursor.height() == height ? cursor.hash() : tree.mainAt(height).orElseThrow();
    }

    @Override
    public List<Long> recentTimestamps(Hash tip, int count) {
        List<Long> timestamps = new ArrayList<>(count);
        BlockHeader cursor = blocks.get(tip).header();
        while (timestamps.size() < count) {
            timestamps.add(cursor.timestamp());
            if (cursor.height() == 0) {
                break;
            }
            cursor = parentOf(cursor);
        }
        return timestamps;
    }

    @Override
    public long timestampAt(Hash tip, long height) {
        return blocks.get(ancestorAt(tip, height)).header().timestamp();
    }

    @Override
    public Set<Hash> alreadyInBranch(Hash tip, Collection<Hash> messageIds) {
        Set<Hash> found = new HashSet<>();
        long tipHeight = tree.entry(tip).orElseThrow().height();
        for (Hash id : messageIds) {
            for (Hash holder : blocksOfMessage.getOrDefault(id, List.of())) {
                long height = tree.entry(holder).orElseThrow().height();
                if (height <= tipHeight && ancestorAt(tip, height).equals(holder)) {
                    found.add(id);
                }
            }
        }
        return found;
    }

    // ---- the network's view (LocalChain) ----

    @Override
    public ChainSummary summary() {
        return new ChainSummary(validator.params().networkId(), genesis.hash(), tip(), tree.tip().cumulativeWork());
    }

    @Override
    public Hash genesisHash() {
        return genesis.hash();
    }

    @Override
    public List<BlockHeader> headersAfter(List<Hash> locator, Hash stop, int max) {
        long from = 0;
        for (Hash hash : locator) {
            Optional<BlockIndex.Entry> entry = tree.entry(hash);
            if (entry.isPresent() && entry.get().onMainChain()) {
                from = entry.get().height();
                break;
            }
        }
        List<BlockHeader> after = new ArrayList<>();
        for (long height = from + 1; after.size() < max; height++) {
            Optional<Hash> hash = tree.mainAt(height);
            if (hash.isEmpty()) {
                break;
            }
            after.add(blocks.get(hash.get()).header());
            if (hash.get().equals(stop)) {
                break;
            }
        }
        return after;
    }

    @Override
    public List<Block> blocks(List<Hash> hashes) {
        return hashes.stream().map(blocks::get).filter(b -> b != null).toList();
    }

    @Override
    public Optional<TipHeaders> tipHeaders() {
        BlockHeader tip = tip();
        if (tipHeaders == null || !tipHeaders.tip().hash().equals(tip.hash())) {
            int capacity = TipHeaders.capacityFor(validator.params());
            List<BlockHeader> oldestFirst = new ArrayList<>();
            for (long height = Math.max(0, tip.height() - capacity + 1); height <= tip.height(); height++) {
                oldestFirst.add(blocks.get(tree.mainAt(height).orElseThrow()).header());
            }
            tipHeaders = new TipHeaders(oldestFirst, capacity);
        }
        return Optional.of(tipHeaders);
    }

    /** A peer's block, as the relay hands it over: the tip event follows the store, as the node's does. */
    @Override
    public ApplyResult apply(Block block, List<Violation> intrinsic, SideBranchQuota quota) {
        ApplyResult result = apply(block, intrinsic, quota, true);
        result.tipChange().ifPresent(listener::tipChanged);
        return result;
    }

    /** The writer's path: finality, the rules against the branch, fork choice, the side-branch bound, the moves. */
    private ApplyResult apply(Block block, List<Violation> intrinsic, SideBranchQuota quota, boolean announce) {
        Hash hash = block.hash();
        if (!intrinsic.isEmpty()) {
            return ApplyResult.rejected(hash, intrinsic);
        }
        if (blocks.containsKey(hash)) {
            return ApplyResult.unchanged(ApplyResult.Outcome.ALREADY_KNOWN, hash);
        }
        Optional<Violation> tooDeep = ForkChoice.forkTooDeep(tree, block.header(), maxForkDepth);
        if (tooDeep.isPresent()) {
            return ApplyResult.rejected(hash, List.of(tooDeep.get()));
        }
        List<Violation> contextual = validator.checkContext(block, this);
        if (!contextual.isEmpty()) {
            return ApplyResult.rejected(hash, contextual);
        }
        ForkChoice.Decision decision = ForkChoice.choose(tree, block.header());
        if (decision instanceof ForkChoice.Decision.SideBranch) {
            long finalHeight = tree.tip().height() - maxForkDepth;
            if (!quota.hasRoom(finalHeight) || sideBranchBlocks >= maxSideBranchBlocks) {
                return ApplyResult.rejected(hash, List.of(new Violation(Rule.SIDE_BRANCHES_FULL,
                        "side-branch blocks above the final height are full")));
            }
        } else if (announce) {
            listener.validated(new TipBlockValidated(block));
        }
        BlockIndex.Entry oldTip = tree.tip();
        tree.add(block.header());
        blocks.put(hash, block);
        block.messages().forEach(m -> blocksOfMessage.computeIfAbsent(m.id(), id -> new ArrayList<>(1)).add(hash));
        listener.stored(block);
        if (decision instanceof ForkChoice.Decision.NewTip tip) {
            ChainTipChanged change = move(block, tip, oldTip);
            return new ApplyResult(change.isReorganisation() ? ApplyResult.Outcome.REORGANIZED
                    : ApplyResult.Outcome.CONNECTED, hash, List.of(), Optional.of(change));
        }
        sideBranchBlocks++;
        quota.stored(block.header().height());
        // a message first seen in a side-branch block is pending here as if it had come alone (as the node's writer)
        block.messages().stream().filter(m -> !onMainChain.containsKey(m.id())).forEach(pool::returnToPending);
        return ApplyResult.unchanged(ApplyResult.Outcome.SIDE_BRANCH, hash);
    }

    /** The main chain moved: the messages of what left return to the pool unless what joined holds them. */
    private ChainTipChanged move(Block tipBlock, ForkChoice.Decision.NewTip tip, BlockIndex.Entry oldTip) {
        List<Message> leaving = new ArrayList<>();
        for (Hash left : tip.disconnected()) {
            sideBranchBlocks++;
            for (Message message : blocks.get(left).messages()) {
                onMainChain.remove(message.id());
                leaving.add(message);
            }
        }
        for (Hash joined : tip.connected()) {
            if (!joined.equals(tipBlock.hash())) {
                sideBranchBlocks--;
            }
            for (Message message : blocks.get(joined).messages()) {
                onMainChain.put(message.id(), joined);
                pool.confirmed(message.id());
            }
        }
        if (!reorgDropsMessages) {
            leaving.stream().filter(m -> !onMainChain.containsKey(m.id())).forEach(pool::returnToPending);
        }
        BlockIndex.Entry now = tree.tip();
        ChainTipChanged change = new ChainTipChanged(oldTip.hash(), now.hash(), now.height(), now.cumulativeWork(),
                tip.connected(), tip.disconnected(), tipBlock);
        return change;
    }

    /** Stores and announces a block the node made itself (the miner's path). */
    ApplyResult applyOwn(Block block) {
        return apply(block, validator.checkIntrinsic(block, null), SideBranchQuota.UNLIMITED);
    }

    // ---- sync's view (SyncChain) ----

    @Override
    public List<Hash> mainHashesAt(List<Long> heights) {
        return heights.stream().map(tree::mainAt).flatMap(Optional::stream).toList();
    }

    @Override
    public Optional<BigInteger> cumulativeWork(Hash hash) {
        return tree.entry(hash).map(BlockIndex.Entry::cumulativeWork);
    }

    @Override
    public List<Violation> checkHeaders(HeaderChain checked, List<BlockHeader> headers) {
        return checked.check(headers, this, validator);
    }

    @Override
    public Set<Hash> known(List<Hash> hashes) {
        Set<Hash> found = new HashSet<>();
        hashes.stream().filter(blocks::containsKey).forEach(found::add);
        return found;
    }

    @Override
    public Optional<Violation> forkTooDeep(BlockHeader first) {
        return ForkChoice.forkTooDeep(tree, first, maxForkDepth);
    }

    @Override
    public List<List<Violation>> checkIntrinsic(List<Block> page) {
        return page.stream().map(block -> validator.checkIntrinsic(block, null)).toList();
    }

    @Override
    public List<ApplyResult> applyPage(List<Block> page, List<List<Violation>> intrinsic) {
        List<ApplyResult> results = new ArrayList<>();
        List<ChainTipChanged> changes = new ArrayList<>();
        for (int i = 0; i < page.size(); i++) {
            ApplyResult result = apply(page.get(i), intrinsic.get(i), SideBranchQuota.UNLIMITED, false);
            results.add(result);
            result.tipChange().ifPresent(changes::add);
            if (!result.accepted()) {
                break;
            }
        }
        if (!changes.isEmpty()) {
            listener.tipChanged(ChainTipChanged.combine(changes).asPage());
        }
        return results;
    }
}
