package io.podchain.store;

import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.SideBranchQuota;
import io.podchain.ledger.TipBlockValidated;

import static io.podchain.store.IdArrays.anyId;
import static io.podchain.store.IdArrays.ids;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.chain.ChainWork;
import io.podchain.chain.ForkChoice;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The chain's single writer (Bitcoin Core's chainstate, Besu's {@code MutableBlockchain}): every block, whatever its
 * source (mined, REST, peer, sync), takes the same path: intrinsic checks without any lock, then in one transaction
 * holding the chain-state row lock: finality, contextual checks, store, and fork choice by cumulative work. A
 * reorganisation (and a plain extension, which is a reorganisation of depth zero) moves the main-chain flags and the
 * pending messages in that same transaction, so a crash at any moment leaves either the old chain or the new one.
 * {@link ChainTipChanged} fires after the commit. Reading the chain is {@link ChainStore}'s.
 */
@ApplicationScoped
public class ChainWriter {
    private static final Logger LOG = Logger.getLogger(ChainWriter.class);
    private static final String ANY_ID = anyId(1);

    private final ChainParams params;
    private final BlockValidator validator;
    private final EntityManager em;
    private final Event<ChainTipChanged> tipChanged;
    private final Event<TipBlockValidated> tipBlockValidated;
    private final PlannerStatistics statistics;
    private final IntrinsicCheckPool checkPool;
    private final ChainConfig config;
    private final ChainStore store;
    private final Finality finality;

    ChainWriter(ChainParams params, BlockValidator validator, EntityManager em, Event<ChainTipChanged> tipChanged,
            Event<TipBlockValidated> tipBlockValidated, PlannerStatistics statistics, IntrinsicCheckPool checkPool,
            ChainConfig config, ChainStore store, Finality finality) {
        this.params = params;
        this.validator = validator;
        this.em = em;
        this.tipChanged = tipChanged;
        this.tipBlockValidated = tipBlockValidated;
        this.statistics = statistics;
        this.checkPool = checkPool;
        this.config = config;
        this.store = store;
        this.finality = finality;
    }

    /** Writes the genesis block on first start; refuses a database that belongs to another network. */
    @Transactional
    public void initialize() {
        Block genesis = store.genesis();
        ChainStateEntity state = ChainStateEntity.get();
        if (state == null) {
            BlockEntity block = BlockEntity.of(genesis.header(), ProofOfWork.work(genesis.header().difficulty()));
            block.mainChain = true;
            block.persist();
            state = new ChainStateEntity();
            state.networkId = params.networkId();
            state.genesisHash = block.hash;
            state.tipHash = block.hash;
            state.persist();
            LOG.infof("Initialised network %s with genesis %s", params.networkId(), block.hash);
        } else if (!state.genesisHash.equals(genesis.hash().toHex())) {
            throw new IllegalStateException("The database holds network '" + state.networkId + "' (genesis "
                    + state.genesisHash + "), but this node is configured for '" + params.networkId() + "' (genesis "
                    + genesis.hash() + "). Use another database, or the network id and podchain.network.* consensus"
                    + " parameters the database was created with.");
        }
    }

    /**
     * Validates and applies a block.
     *
     * @param declaredHash the hash the sender claimed for it, or null
     */
    public ApplyResult apply(Block block, Hash declaredHash) {
        return apply(block, declaredHash, SideBranchQuota.UNLIMITED);
    }

    /**
     * Validates and applies a block from a source with its own share of side branches (a peer).
     *
     * @param declaredHash the hash the sender claimed for it, or null
     * @param quota        the source's share: a block that would not become the tip is stored only while it has room
     */
    public ApplyResult apply(Block block, Hash declaredHash, SideBranchQuota quota) {
        return applyChecked(block, validator.checkIntrinsic(block, declaredHash), quota);
    }

    /**
     * {@link #apply} for a block whose intrinsic checks already ran (a relay checks a block before it passes it on).
     *
     * @param intrinsic what {@link BlockValidator#checkIntrinsic} found for the block
     */
    public ApplyResult applyChecked(Block block, List<Violation> intrinsic, SideBranchQuota quota) {
        if (!intrinsic.isEmpty()) {
            return ApplyResult.rejected(block.hash(), intrinsic);
        }
        BlockApplyEvent event = new BlockApplyEvent();
        event.begin();
        long[] locked = new long[1];
        ApplyResult result = QuarkusTransaction.requiringNew().call(() -> {
            ApplyResult applied = applyLocked(block, quota, event, true);
            locked[0] = System.nanoTime();
            return applied;
        });
        if (event.shouldCommit()) {
            event.commit = System.nanoTime() - locked[0];
            event.block = block.hash().toHex();
            event.height = block.header().height();
            event.outcome = result.outcome().name();
            event.commit();
        }
        result.tipChange().ifPresent(tipChanged::fire);
        return result;
    }

    /**
     * Applies consecutive blocks (a page fetched by sync) as one transaction: their intrinsic checks, signatures
     * above all, run in parallel first. A page that extends the main chain's tip (the common case of catching up)
     * is checked against an in-memory view of the chain it builds and written in batches; any other page takes
     * {@link #apply}'s path block by block. Either way the rules and fork choice are the same, the blocks before
     * the first broken rule are applied, one commit (one fsync) covers the page and one event the whole move.
     *
     * @return one result per block up to and including the first rejected one
     */
    public List<ApplyResult> applyAll(List<Block> blocks) {
        return applyChecked(blocks, checkIntrinsic(blocks));
    }

    /** The intrinsic checks of each block (signatures above all), spread over the cores; no lock, no database. */
    public List<List<Violation>> checkIntrinsic(List<Block> blocks) {
        long started = System.nanoTime();
        List<List<Violation>> intrinsic = checkPool.checkAll(blocks, block -> validator.checkIntrinsic(block, null));
        LOG.debugf("Page of %d blocks: intrinsic checks %d ms", Integer.valueOf(blocks.size()),
                Long.valueOf((System.nanoTime() - started) / 1_000_000));
        return intrinsic;
    }

    /**
     * {@link #applyAll} for blocks whose intrinsic checks already ran.
     *
     * @param intrinsic what {@link #checkIntrinsic} found for each block, in the same order
     */
    public List<ApplyResult> applyChecked(List<Block> blocks, List<List<Violation>> intrinsic) {
        if (blocks.size() != intrinsic.size()) {
            throw new IllegalArgumentException(blocks.size() + " blocks but " + intrinsic.size() + " check results");
        }
        if (blocks.isEmpty()) {
            return List.of();
        }
        long checked = System.nanoTime();
        List<ApplyResult> results = QuarkusTransaction.requiringNew().call(() -> {
            ChainStateEntity state = ChainStateEntity.lock();
            if (extendsTip(blocks, state.tipHash)) {
                return extendTip(blocks, intrinsic, BlockEntity.findById(state.tipHash));
            }
            List<ApplyResult> applied = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                ApplyResult result = intrinsic.get(i).isEmpty()
                        ? applyLocked(blocks.get(i), SideBranchQuota.UNLIMITED, new BlockApplyEvent(), false)
                        : ApplyResult.rejected(blocks.get(i).hash(), intrinsic.get(i));
                applied.add(result);
                if (!result.accepted()) {
                    break;
                }
            }
            return applied;
        });
        LOG.debugf("Page of %d blocks: stored in %d ms", Integer.valueOf(blocks.size()),
                Long.valueOf((System.nanoTime() - checked) / 1_000_000));
        List<ChainTipChanged> changes = results.stream().flatMap(r -> r.tipChange().stream()).toList();
        if (!changes.isEmpty()) {
            ChainTipChanged change = ChainTipChanged.combine(changes).asPage();
            tipChanged.fire(change);
            statistics.refreshIfDue(change.height());
        }
        return results;
    }

    /** True when the blocks form a chain on top of the tip and none of them is stored yet. */
    private boolean extendsTip(List<Block> blocks, String tipHash) {
        if (!blocks.get(0).header().previousHash().toHex().equals(tipHash)) {
            return false;
        }
        for (int i = 1; i < blocks.size(); i++) {
            if (!blocks.get(i).header().previousHash().equals(blocks.get(i - 1).hash())) {
                return false;
            }
        }
        return store.known(blocks.stream().map(Block::hash).toList()).isEmpty();
    }

    /**
     * Validates each block against the chain as extended by the ones before it, in memory, then writes the valid
     * run in batches and moves the tip once. Each extension strictly adds work, so each block becomes the tip.
     */
    private List<ApplyResult> extendTip(List<Block> blocks, List<List<Violation>> intrinsic, BlockEntity tip) {
        StoreChainContext stored = new StoreChainContext(em);
        Hash tipHash = Hash.fromHex(tip.hash);
        List<String> messageIds = blocks.stream().flatMap(b -> b.messages().stream()).map(m -> m.id().toHex())
                .toList();
        ExtensionContext context = new ExtensionContext(stored, tip.toHeader(),
                stored.recentTimestamps(tipHash, ExtensionContext.recentTimestampsNeeded()),
                messagesOnMainChain(messageIds));
        List<ApplyResult> results = new ArrayList<>();
        List<Block> valid = new ArrayList<>();
        List<BigInteger> works = new ArrayList<>();
        BigInteger work = tip.cumulativeWork;
        Hash previous = tipHash;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            List<Violation> broken = intrinsic.get(i).isEmpty() ? validator.checkContext(block, context)
                    : intrinsic.get(i);
            if (!broken.isEmpty()) {
                results.add(ApplyResult.rejected(block.hash(), broken));
                break;
            }
            context.append(block);
            work = ChainWork.cumulative(work, block.header().difficulty());
            valid.add(block);
            works.add(work);
            results.add(new ApplyResult(ApplyResult.Outcome.CONNECTED, block.hash(), List.of(), Optional.of(
                    new ChainTipChanged(previous, block.hash(), block.header().height(), work,
                            List.of(block.hash()), List.of(), block))));
            previous = block.hash();
        }
        if (!valid.isEmpty()) {
            BlockBatch.insertMainChain(em, valid, works);
            List<String> confirmed = valid.stream().flatMap(b -> b.messages().stream()).map(m -> m.id().toHex())
                    .toList();
            em.createNativeQuery("delete from pending_message where message_id" + ANY_ID)
                    .setParameter(1, ids(confirmed)).executeUpdate();
            em.createNativeQuery("update chain_state set tip_hash = ?1 where id = ?2")
                    .setParameter(1, previous.toHex()).setParameter(2, ChainStateEntity.SINGLETON_ID).executeUpdate();
            em.clear();
        }
        return results;
    }

    /** Those of the message ids the main chain already contains. */
    private Set<Hash> messagesOnMainChain(List<String> messageIds) {
        Set<Hash> found = new HashSet<>();
        em.createNativeQuery("select distinct bm.message_id from block_message bm join block b on b.hash = bm.block_hash"
                        + " where b.main_chain and bm.message_id" + ANY_ID, String.class)
                .setParameter(1, ids(messageIds)).getResultList()
                .forEach(id -> found.add(Hash.fromHex(((String) id).trim())));
        return found;
    }

    /**
     * @param timed    takes the stages' durations (committed by the caller, when a recording wants it)
     * @param announce publish {@link TipBlockValidated} when the block is about to become the tip (not for a page)
     */
    private ApplyResult applyLocked(Block block, SideBranchQuota quota, BlockApplyEvent timed, boolean announce) {
        long started = System.nanoTime();
        ChainStateEntity state = ChainStateEntity.lock();
        long lockedAt = System.nanoTime();
        timed.lockWait = lockedAt - started;
        Hash hash = block.hash();
        if (BlockEntity.findById(hash.toHex()) != null) {
            return ApplyResult.unchanged(ApplyResult.Outcome.ALREADY_KNOWN, hash);
        }
        BlockEntity tip = BlockEntity.findById(state.tipHash);
        // finality: whatever work a branch carries, it never replaces blocks deeper than the fork bound
        Optional<Violation> tooDeep = finality.forkTooDeep(block.header(), tip);
        if (tooDeep.isPresent()) {
            return ApplyResult.rejected(hash, List.of(tooDeep.get()));
        }
        List<Violation> contextual = validator.checkContext(block, new StoreChainContext(em));
        if (!contextual.isEmpty()) {
            return ApplyResult.rejected(hash, contextual);
        }
        ForkChoice.Decision decision = ForkChoice.choose(new StoredBlockIndex(tip), block.header());
        boolean becomesTip = decision instanceof ForkChoice.Decision.NewTip;
        BlockEntity stored = BlockEntity.of(block.header(), becomesTip
                ? ((ForkChoice.Decision.NewTip) decision).cumulativeWork()
                : ((ForkChoice.Decision.SideBranch) decision).cumulativeWork());
        if (!becomesTip) {
            long finalHeight = finality.finalHeight(tip.height);
            if (!quota.hasRoom(finalHeight)) {
                return ApplyResult.rejected(hash, List.of(new Violation(Rule.SIDE_BRANCHES_FULL,
                        "its sender's share of side-branch blocks above the final height is full")));
            }
            if (finality.sideBranchBlocksAbove(finalHeight) >= config.maxSideBranchBlocks()) {
                return ApplyResult.rejected(hash, List.of(new Violation(Rule.SIDE_BRANCHES_FULL, "this node keeps "
                        + config.maxSideBranchBlocks() + " side-branch blocks above its final height")));
            }
        }
        timed.storedChainChecks = System.nanoTime() - lockedAt;
        if (becomesTip && announce) {
            tipBlockValidated.fire(new TipBlockValidated(block));
        }
        long writing = System.nanoTime();
        stored.persist();
        storeMessages(block);
        if (!becomesTip) {
            // a message first seen in a side-branch block is pending here as if it had come alone: otherwise only
            // the nodes that had it in their pools could mine it, and if they cannot it is never confirmed
            returnToPending(block.messages().stream().map(m -> m.id().toHex()).toList());
            quota.stored(block.header().height());
            timed.writes = System.nanoTime() - writing;
            return ApplyResult.unchanged(ApplyResult.Outcome.SIDE_BRANCH, hash);
        }
        ChainTipChanged change = makeTip(block, stored, (ForkChoice.Decision.NewTip) decision, tip);
        timed.writes = System.nanoTime() - writing;
        return new ApplyResult(change.isReorganisation() ? ApplyResult.Outcome.REORGANIZED
                : ApplyResult.Outcome.CONNECTED, hash, List.of(), Optional.of(change));
    }

    /**
     * Makes pending those of the messages (in their chain order) that the main chain does not hold: the messages of
     * disconnected blocks and of side-branch blocks. One statement for all of them: a reorganisation of full blocks
     * returns thousands of messages, and a statement each was a round trip each under the chain lock. What it can
     * add is bounded by the side-branch bounds and the fork depth, not by the pool's admission.
     */
    private void returnToPending(List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        em.createNativeQuery("insert into pending_message (message_id) select m.id from unnest(cast(?1 as"
                        + " bpchar[])) with ordinality as m(id, seq) where not exists (select 1 from block_message bm"
                        + " join block b on b.hash = bm.block_hash where bm.message_id = m.id and b.main_chain)"
                        + " order by m.seq on conflict do nothing")
                .setParameter(1, ids(new ArrayList<>(new LinkedHashSet<>(messageIds)))).executeUpdate();
    }

    private void storeMessages(Block block) {
        if (!block.messages().isEmpty()) {
            BlockBatch.insertMessages(em, block);
        }
    }

    /**
     * Makes {@code newTip} the tip as fork choice decided: disconnects the main-chain blocks above the fork point,
     * connects the branch from the fork point to {@code newTip}, and moves messages between the chain and the pending
     * pool so none is lost: those of disconnected blocks return to pending unless the new branch holds them.
     */
    private ChainTipChanged makeTip(Block newTipBlock, BlockEntity newTip, ForkChoice.Decision.NewTip decision,
            BlockEntity oldTip) {
        em.flush();
        // Every statement below is keyed by block hashes or the main-chain height index, so its cost depends on
        // the depth of the reorganisation (zero for a plain extension), never on the length of the chain.
        List<String> disconnectedNewestFirst = decision.disconnected().stream().map(Hash::toHex).toList();
        List<String> disconnected = new ArrayList<>(disconnectedNewestFirst);
        Collections.reverse(disconnected);
        List<String> leavingMessages = messageIdsOf(disconnected);
        em.createNativeQuery("update block set main_chain = false where main_chain and height > ?1")
                .setParameter(1, decision.forkHeight()).executeUpdate();
        List<String> branchHashes = decision.connected().stream().map(Hash::toHex).toList();
        em.createNativeQuery("update block set main_chain = true where hash" + ANY_ID)
                .setParameter(1, ids(branchHashes)).executeUpdate();
        em.createNativeQuery("delete from pending_message where message_id in"
                        + " (select message_id from block_message where block_hash" + ANY_ID + ")")
                .setParameter(1, ids(branchHashes)).executeUpdate();
        returnToPending(leavingMessages);
        em.createNativeQuery("update chain_state set tip_hash = ?1 where id = ?2")
                .setParameter(1, newTip.hash).setParameter(2, ChainStateEntity.SINGLETON_ID).executeUpdate();
        em.clear();
        if (decision.isReorganisation()) {
            LOG.infof("Reorganisation: %d blocks disconnected, %d connected, fork at height %d, new tip %d %s",
                    disconnected.size(), branchHashes.size(), decision.forkHeight(), newTip.height, newTip.hash);
        }
        return new ChainTipChanged(Hash.fromHex(oldTip.hash), Hash.fromHex(newTip.hash), newTip.height,
                newTip.cumulativeWork, decision.connected(), decision.disconnected(), newTipBlock);
    }

    /** Message ids of the given blocks, in block order (as given) and position order. */
    @SuppressWarnings("unchecked")
    private List<String> messageIdsOf(List<String> blockHashes) {
        if (blockHashes.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createNativeQuery("select block_hash, message_id from block_message"
                        + " where block_hash" + ANY_ID + " order by position")
                .setParameter(1, ids(blockHashes)).getResultList();
        Map<String, List<String>> byBlock = new LinkedHashMap<>();
        blockHashes.forEach(hash -> byBlock.put(hash, new ArrayList<>()));
        rows.forEach(row -> byBlock.get(((String) row[0]).trim()).add(((String) row[1]).trim()));
        return byBlock.values().stream().flatMap(List::stream).toList();
    }
}
