package io.podchain.sync;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainWork;
import io.podchain.chain.Hash;
import io.podchain.chain.HeaderChain;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.podchain.p2p.ChainFollower;
import io.podchain.p2p.P2pLimits;
import io.podchain.p2p.Peer;
import io.podchain.p2p.ConnectedPeers;
import io.podchain.p2p.PeerDiscipline;
import io.podchain.p2p.ProtocolMessage;
import io.podchain.p2p.RejectCode;
import io.podchain.p2p.Scheduler;
import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainSummary;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Catches up with the network. When a peer claims more cumulative work, the lowest-RTT such peer is asked for
 * headers after our locator; each header is checked (linkage, proof of work against the expected difficulty) and
 * only the work the checked headers carry counts as the peer's verified work, which is all readiness and the sync
 * state look at. Then the blocks we lack are fetched in pages and applied through the store as any other block. A
 * peer that stalls, sends anything invalid or claimed work its headers do not back is penalised and the
 * next-lowest-RTT peer takes over (the original's backtracking). The only writer of the sync state.
 */
public class SyncService implements ChainFollower {
    private static final Logger LOG = Logger.getLogger(SyncService.class);
    /** A sync peer that answers no request within this is stalling: a page of blocks takes well under a second. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Pages received and waiting to be verified and applied, at most: enough to keep verification and writing
     * busy, few enough that a node never holds more than a few pages (each up to 8 MiB) in memory.
     */
    static final int MAX_QUEUED_PAGES = 2;
    /**
     * Times a sync peer may move to another branch between two header batches before it counts as making no
     * progress: an honest peer reorganises rarely during one sync; one that switches on every batch would keep us
     * restarting forever.
     */
    static final int MAX_BRANCH_SWITCHES_PER_SYNC = 3;
    /**
     * Checked headers kept while their blocks are fetched: a sync wants at most two batches at once, so three
     * batches always hold every header whose block is not stored yet.
     */
    static final int MAX_CHECKED_HEADERS = 3 * P2pLimits.MAX_HEADERS_PER_MESSAGE;

    /** What {@code GET /api/sync} shows. */
    public record Status(SyncState state, String syncPeer, Long targetHeight, String targetWork, long height,
            long bestPeerHeight, int peers, List<String> failedPeers, int conflictingPeers) {
    }

    private final SyncChain chain;
    private final ConnectedPeers peers;
    private final PeerDiscipline discipline;
    private final Duration settleTime;
    private final boolean discoveryConfigured;
    private final Clock clock;
    private final Scheduler scheduler;
    /** Blocks applied by sync; {@code rate()} is the sync rate. */
    private final Counter syncedBlocks;
    /**
     * Pages verified as soon as they arrive (their intrinsic checks fan out over the cores) while the page before is
     * still being written, and applied one at a time in the order they arrived.
     */
    private final VerifiedPages<List<List<Violation>>> pages;

    /**
     * @param settleTime          how long after start-up, and after a peer connects, to wait for round trips before
     *                            choosing a sync peer
     * @param discoveryConfigured whether peers are to be found (no peer then means DISCOVERING, not IN_SYNC)
     */
    public SyncService(SyncChain chain, ConnectedPeers peers, PeerDiscipline discipline, Duration settleTime,
            boolean discoveryConfigured, MeterRegistry meters, Clock clock, Scheduler scheduler) {
        this.chain = chain;
        this.peers = peers;
        this.discipline = discipline;
        this.settleTime = settleTime;
        this.discoveryConfigured = discoveryConfigured;
        this.clock = clock;
        this.scheduler = scheduler;
        this.pages = new VerifiedPages<>(scheduler);
        startedAt = clock.instant();
        lastTick = startedAt;
        syncedBlocks = Counter.builder("podchain.sync.blocks").description("blocks applied by sync (rate() = sync rate)")
                .register(meters);
        Gauge.builder("podchain.sync.blocks.behind", this, s -> {
            Status status = s.status();
            return Math.max(0, status.bestPeerHeight() - status.height());
        }).description("blocks the best proven peer's chain is ahead of this node's").register(meters);
        for (SyncState each : SyncState.values()) {
            Gauge.builder("podchain.sync.state", this, s -> s.state() == each ? 1 : 0).tag("state", each.name())
                    .description("1 for the current sync state").register(meters);
        }
    }

    private final Instant startedAt;
    private volatile Instant lastTick;

    /** When the engine last ticked: liveness reads it. */
    public Instant lastTick() {
        return lastTick;
    }

    private final Set<String> failedThisRound = new HashSet<>();
    /** The blocks still to fetch and apply, and which of them are asked for and received. */
    private final DownloadPlan plan = new DownloadPlan(P2pLimits.MAX_BLOCKS_PER_MESSAGE, MAX_QUEUED_PAGES);
    /** Bumped whenever the pipeline is reset, so pages of an abandoned sync are dropped unapplied. */
    private volatile long generation;
    private boolean awaitingHeaders;
    /**
     * The last header the sync peer sent in this sync, once its blocks are wanted: the next headers are asked for
     * after it while those blocks are still being fetched, so the pipeline never drains at a batch boundary.
     */
    private BlockHeader headerTail;
    /** Whether the awaited HEADERS continue {@link #headerTail} (asked for with it alone as the locator). */
    private boolean awaitingContinuation;
    private int branchSwitches;
    /** The sync peer's headers checked so far whose blocks may not be stored yet. */
    private final HeaderChain checkedHeaders = new HeaderChain(MAX_CHECKED_HEADERS);
    /** Cumulative work at {@link #headerTail}: what the sync peer's checked headers prove. */
    private BigInteger tailWork = BigInteger.ZERO;
    /**
     * Connections whose checked headers fork below this node's final history ({@code podchain.chain.max-fork-depth}
     * below the tip) with more work than ours: never synced from, and reported by readiness when they are half the
     * peers or more (a split an operator must see, not a silent rewrite).
     */
    private final Set<String> conflicting = ConcurrentHashMap.newKeySet();

    private volatile SyncState state = SyncState.STARTING;
    private volatile Peer syncPeer;
    private volatile long targetHeight;
    private volatile BigInteger targetWork = BigInteger.ZERO;
    private long deadlineNanos;
    private boolean moreHeaders;

    /** Peers not to sync from: those that failed this round, and those whose branch conflicts with our final history. */
    private Set<String> notToAsk() {
        if (conflicting.isEmpty()) {
            return failedThisRound;
        }
        Set<String> all = new HashSet<>(failedThisRound);
        all.addAll(conflicting);
        return all;
    }

    /** Re-evaluates: starts a sync with the best peer ahead of us, or settles the state ({@link PeerChoice}). */
    @Override
    public synchronized void consider() {
        if (syncPeer != null) {
            return;
        }
        List<Peer> ready = peers.ready();
        List<PeerChoice.Candidate> candidates = ready.stream().map(p -> new PeerChoice.Candidate(p.connectionId(),
                p.claimed().work(), p.claimed().tip(), p.verified().work(), p.rttMillis(), p.connectedAt())).toList();
        var ours = chain.summary();
        PeerChoice.Decision decision = PeerChoice.decide(candidates, ours.cumulativeWork(), ours.tip().hash(),
                notToAsk(), clock.instant(), startedAt, settleTime, discoveryConfigured);
        if (decision instanceof PeerChoice.Decision.SyncFrom from) {
            ready.stream().filter(p -> p.connectionId().equals(from.id())).findFirst().ifPresent(this::start);
        } else if (decision instanceof PeerChoice.Decision.Settle settle) {
            state = settle.state();
            if (settle.newRound()) {
                failedThisRound.clear();
            }
        }
    }

    private void start(Peer peer) {
        syncPeer = peer;
        targetHeight = peer.claimed().height();
        targetWork = peer.claimed().work();
        state = SyncState.SYNCING;
        resetPipeline();
        branchSwitches = 0;
        LOG.infof("Syncing from %s (claims height %d, rtt %.1f ms)", peer, peer.claimed().height(), peer.rttMillis());
        requestHeaders();
    }

    /** Forgets what was wanted, asked for and queued; pages of the abandoned sync still in flight are dropped. */
    private void resetPipeline() {
        plan.clear();
        awaitingHeaders = false;
        awaitingContinuation = false;
        headerTail = null;
        tailWork = BigInteger.ZERO;
        checkedHeaders.clear();
        moreHeaders = false;
        generation++;
    }

    private void requestHeaders() {
        List<String> locator = chain.mainHashesAt(Locator.heights(chain.summary().height())).stream()
                .map(Hash::toHex).toList();
        awaitingHeaders = true;
        awaitingContinuation = false;
        send(new ProtocolMessage.GetHeaders(locator, Hash.ZERO.toHex()));
    }

    /** Asks for the headers after {@link #headerTail}, whose blocks may not be stored yet. */
    private void requestContinuation() {
        awaitingHeaders = true;
        awaitingContinuation = true;
        send(new ProtocolMessage.GetHeaders(List.of(headerTail.hash().toHex()), Hash.ZERO.toHex()));
    }

    private void send(ProtocolMessage message) {
        deadlineNanos = scheduler.nanoTime() + REQUEST_TIMEOUT.toNanos();
        syncPeer.send(message);
    }

    @Override
    public synchronized void onHeaders(Peer peer, List<BlockHeader> headers) {
        if (peer != syncPeer || !awaitingHeaders) {
            return;
        }
        awaitingHeaders = false;
        if (headers.isEmpty()) {
            moreHeaders = false;
            if (!awaitingContinuation && plan.wantedCount() == 0) {
                // nothing after our chain: its tip is on our chain, so it cannot have more work than we do
                if (claimUnbacked(peer, chain.summary().cumulativeWork())) {
                    return;
                }
                // it showed more work, but its tip has since reached us another way: nothing to ask it this round
                failedThisRound.add(peer.connectionId());
            }
            next();
            return;
        }
        if (awaitingContinuation && !headers.get(0).previousHash().equals(headerTail.hash())) {
            // the peer's main chain no longer holds our tail (it reorganised): start over from what we stored
            if (++branchSwitches > MAX_BRANCH_SWITCHES_PER_SYNC) {
                fail(RejectCode.STALLED, "moved to another branch " + branchSwitches + " times during one sync");
                return;
            }
            LOG.infof("Sync peer %s moved to another branch; asking for headers from our chain again", peer);
            resetPipeline();
            requestHeaders();
            return;
        }
        BigInteger work;
        if (awaitingContinuation) {
            work = tailWork;
        } else {
            Optional<BigInteger> forkPoint = chain.cumulativeWork(headers.get(0).previousHash());
            if (forkPoint.isEmpty()) {
                fail(RejectCode.BAD_SYNC_DATA, "headers do not start at a block we know");
                return;
            }
            work = forkPoint.get();
        }
        List<Violation> broken = chain.checkHeaders(checkedHeaders, headers);
        if (!broken.isEmpty() && broken.stream().allMatch(v -> v.rule().isTimeDependent())) {
            aheadOfOurClock(broken.get(0).detail());
            return;
        }
        if (!broken.isEmpty()) {
            fail(RejectCode.BAD_SYNC_DATA, "headers break the rules: " + broken);
            return;
        }
        for (BlockHeader header : headers) {
            work = work.add(ProofOfWork.work(header.difficulty()));
        }
        if (!awaitingContinuation) {
            Optional<Violation> beyondFinal = chain.forkTooDeep(headers.get(0));
            if (beyondFinal.isPresent()) {
                conflict(peer, beyondFinal.get().detail(), ChainWork.isBetter(work, chain.summary().cumulativeWork()));
                return;
            }
        }
        headerTail = headers.get(headers.size() - 1);
        tailWork = work;
        peer.verified(new Peer.ChainPosition(headerTail.height(), headerTail.hash(), work));
        moreHeaders = headers.size() == P2pLimits.MAX_HEADERS_PER_MESSAGE;
        if (!moreHeaders && claimUnbacked(peer, work)) {
            return;
        }
        Set<Hash> known = chain.known(headers.stream().map(BlockHeader::hash).toList());
        plan.want(headers.stream().map(BlockHeader::hash).filter(h -> !known.contains(h)).toList());
        next();
    }

    /**
     * The peer's branch leaves our chain below its final part. Not held against it (an honest node back from a long
     * partition, or with history of its own, does this), but nothing of that branch is fetched: what is final stays.
     */
    private void conflict(Peer peer, String detail, boolean heavier) {
        failedThisRound.add(peer.connectionId());
        if (heavier) {
            conflicting.add(peer.connectionId());
        }
        peer.dropClaim();
        syncPeer = null;
        resetPipeline();
        LOG.warnf("%s offers a %sbranch that conflicts with this node's final history (%s): staying on our chain",
                peer, heavier ? "heavier " : "", detail);
        consider();
    }

    /**
     * The sync peer's chain runs ahead of this node's clock: its producer's clock or ours is wrong, and nobody broke
     * a rule (it may hold a few seconds later). The peer is not blamed; this round goes on without it and its claim
     * counts again at its next STATUS.
     */
    private void aheadOfOurClock(String detail) {
        Peer peer = syncPeer;
        failedThisRound.add(peer.connectionId());
        peer.dropClaim();
        syncPeer = null;
        resetPipeline();
        LOG.warnf("Sync from %s stopped: %s; its producer's clock or this node's is wrong", peer, detail);
        consider();
    }

    /**
     * The peer sent all its headers and they carry {@code backed} work: when it claimed more, the claim was a lie
     * (an honest node's claim is a tip it has, which its headers then reach). It is penalised, its claim dropped.
     */
    private boolean claimUnbacked(Peer peer, BigInteger backed) {
        BigInteger claimed = peer.claimed().work();
        if (claimed.compareTo(backed) <= 0) {
            return false;
        }
        peer.dropClaim();
        fail(RejectCode.UNBACKED_CLAIM, "claimed cumulative work " + claimed + " but its headers reach " + backed);
        return true;
    }

    /**
     * A page of blocks from the sync peer: checked against what was asked for, then verified at once and applied
     * after the pages before it. Returns without waiting for either, so the next page can arrive and be verified
     * while this one is written.
     */
    @Override
    public synchronized void onBlocks(Peer peer, List<Block> blocks) {
        if (peer != syncPeer) {
            return;
        }
        switch (plan.answered(blocks.stream().map(Block::hash).toList())) {
            case STALE -> {
                return; // an answer to a request of an earlier sync with this peer, or to one sent before a gap
            }
            case EMPTY -> {
                fail(RejectCode.STALLED, "announced blocks it does not serve");
                return;
            }
            case NOT_ASKED -> {
                fail(RejectCode.BAD_SYNC_DATA, "sent blocks that were not the next ones asked for");
                return;
            }
            case ACCEPTED -> {
            }
        }
        long page = generation;
        pages.add(() -> chain.checkIntrinsic(blocks), intrinsic -> apply(page, blocks, intrinsic));
        next();
    }

    /** @param intrinsic what the page's intrinsic checks found; null when they failed on our side */
    private void apply(long page, List<Block> blocks, List<List<Violation>> intrinsic) {
        if (page != generation) {
            return;
        }
        if (intrinsic == null) {
            abandon(page, "verifying a page failed");
            return;
        }
        List<ApplyResult> results;
        try {
            results = chain.applyPage(blocks, intrinsic);
        } catch (RuntimeException e) {
            abandon(page, "applying a page failed: " + e);
            return;
        }
        synchronized (this) {
            if (page != generation) {
                return;
            }
            syncedBlocks.increment(results.stream().filter(ApplyResult::accepted).count());
            for (ApplyResult result : results) {
                if (!result.accepted() && result.violations().stream().allMatch(v -> v.rule().isPolicy())) {
                    // our policy (finality, the side-branch bound), not a rule the peer broke
                    conflict(syncPeer, "block " + result.blockHash() + ": " + result.violations().get(0).detail(),
                            false);
                    return;
                }
                if (!result.accepted() && result.violations().stream().allMatch(v -> v.rule().isTimeDependent())) {
                    aheadOfOurClock("block " + result.blockHash() + ": " + result.violations().get(0).detail());
                    return;
                }
                if (!result.accepted()) {
                    fail(RejectCode.INVALID_BLOCK, "block " + result.blockHash() + ": " + result.violations());
                    return;
                }
                plan.applied();
            }
            plan.pageApplied();
            next();
        }
    }

    /** Gives up the sync without blaming the peer (our side failed, e.g. the database); the next tick retries. */
    private synchronized void abandon(long page, String reason) {
        if (page == generation && syncPeer != null) {
            LOG.warnf("Sync from %s abandoned: %s", syncPeer, reason);
            syncPeer = null;
            resetPipeline();
        }
    }

    /**
     * Keeps the pipeline going: asks for the next page of wanted blocks when no answer is awaited and few pages
     * wait to be applied; asks for the headers after the last ones while at most one batch of blocks is left to
     * fetch (so at most two batches are ever wanted); once everything wanted is applied and no header batch was
     * full, finishes.
     */
    private void next() {
        if (syncPeer == null) {
            return;
        }
        plan.nextRequest().ifPresent(page -> send(new ProtocolMessage.GetBlocks(page.stream().map(Hash::toHex).toList())));
        if (moreHeaders && !awaitingHeaders && plan.wantedCount() <= P2pLimits.MAX_HEADERS_PER_MESSAGE) {
            requestContinuation();
        }
        if (plan.isDone() && !awaitingHeaders && !moreHeaders) {
            finish();
        }
    }

    private void finish() {
        LOG.infof("Sync from %s done at height %d", syncPeer, chain.summary().height());
        syncPeer = null;
        resetPipeline();
        consider();
    }

    private void fail(RejectCode code, String reason) {
        Peer failed = syncPeer;
        failedThisRound.add(failed.connectionId());
        failed.dropClaim(); // a peer that failed us is believed again only when it claims anew (its next STATUS)
        syncPeer = null;
        resetPipeline();
        discipline.penalize(failed, code, reason);
        LOG.warnf("Sync from %s failed (%s: %s); falling back to the next peer", failed, code, reason);
        consider();
    }

    /** Called every second: a sync peer that stopped answering is replaced. */
    @Override
    public synchronized void tick() {
        lastTick = clock.instant();
        if (syncPeer != null && !syncPeer.isReady()) {
            failedThisRound.add(syncPeer.connectionId());
            syncPeer = null;
            resetPipeline();
        } else if (syncPeer != null && (awaitingHeaders || plan.hasLiveRequest())
                && scheduler.nanoTime() - deadlineNanos > 0) {
            fail(RejectCode.STALLED, "no answer within " + REQUEST_TIMEOUT);
            return;
        }
        consider();
    }

    @Override
    public synchronized void peerGone(Peer peer) {
        // failures are remembered per open connection, so the set never holds more than the connections there are
        failedThisRound.remove(peer.connectionId());
        conflicting.remove(peer.connectionId());
        if (peer == syncPeer) {
            syncPeer = null;
            resetPipeline();
            consider();
        }
    }

    public SyncState state() {
        return state;
    }

    /** Proven peers now, leaving out those whose branch conflicts with this node's final history. */
    public int agreeingPeerCount() {
        return (int) peers.ready().stream().filter(p -> !conflicting.contains(p.connectionId())).count();
    }

    public Status status() {
        List<Peer> ready = peers.ready();
        ChainSummary ours = chain.summary();
        // only what peers proved with headers or blocks: a claimed height alone never makes us "behind"
        long best = ready.stream().filter(p -> ChainWork.isBetter(p.verified().work(), ours.cumulativeWork()))
                .mapToLong(p -> p.verified().height()).max().orElse(ours.height());
        Peer current = syncPeer;
        synchronized (this) {
            return new Status(state, current == null ? null : current.address(),
                    state == SyncState.SYNCING ? targetHeight : null,
                    state == SyncState.SYNCING ? targetWork.toString() : null, ours.height(), best,
                    ready.size(), List.copyOf(failedThisRound),
                    (int) ready.stream().filter(p -> conflicting.contains(p.connectionId())).count());
        }
    }
}
