package io.podchain.sync;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.Hash;
import io.podchain.chain.Violation;
import io.podchain.discovery.DiscoveryConfig;
import io.podchain.metrics.NodeMetrics;
import io.podchain.p2p.P2pLimits;
import io.podchain.p2p.Peer;
import io.podchain.p2p.PeerManager;
import io.podchain.p2p.ProtocolMessage;
import io.podchain.p2p.RejectCode;
import io.podchain.store.ApplyResult;
import io.podchain.store.ChainStore;
import io.podchain.store.ChainSummary;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Catches up with the network. When a peer shows more cumulative work, the lowest-RTT such peer is asked for
 * headers after our locator, then for the blocks we lack, in pages; each block is applied through the store as
 * any other block. A peer that stalls or sends anything invalid is penalised and the next-lowest-RTT peer takes
 * over (the original's backtracking). The only writer of the sync state that health and the API read.
 */
@ApplicationScoped
public class SyncService {
    private static final Logger LOG = Logger.getLogger(SyncService.class);
    /** A sync peer that answers no request within this is stalling: a page of blocks takes well under a second. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    public enum State {
        STARTING, DISCOVERING, SYNCING, IN_SYNC, STALLED
    }

    /** What {@code GET /api/sync} shows. */
    public record Status(State state, String syncPeer, Long targetHeight, String targetWork, long height,
            long bestPeerHeight, int peers, List<String> failedPeers) {
    }

    @Inject
    ChainStore chain;
    @Inject
    PeerManager peers;
    @Inject
    DiscoveryConfig discovery;
    @Inject
    SyncConfig config;
    @Inject
    NodeMetrics metrics;
    @Inject
    Clock clock;

    private Instant startedAt;
    private volatile Instant lastTick;

    @PostConstruct
    void init() {
        startedAt = clock.instant();
        lastTick = startedAt;
    }

    /** When the engine last ticked: liveness reads it. */
    public Instant lastTick() {
        return lastTick;
    }

    private final ThreadLocal<Boolean> applying = ThreadLocal.withInitial(() -> false);
    private final Set<String> failedThisRound = new HashSet<>();
    private final Deque<Hash> wanted = new ArrayDeque<>();
    /**
     * GET_BLOCKS requests sent to the sync peer and not answered yet, oldest first (a peer answers in order). While
     * a page is validated and written the next one is already asked for, so the peer's reading and the wire overlap
     * our writing. A short answer (the peer's page byte limit) leaves a gap: the requests after it are then
     * discarded on arrival and the gap is asked for again.
     */
    private final Deque<BlockRequest> requests = new ArrayDeque<>();

    private static final class BlockRequest {
        final List<Hash> hashes;
        boolean discard;

        BlockRequest(List<Hash> hashes) {
            this.hashes = hashes;
        }
    }
    private volatile State state = State.STARTING;
    private volatile Peer syncPeer;
    private volatile long targetHeight;
    private volatile BigInteger targetWork = BigInteger.ZERO;
    private long deadlineNanos;
    private boolean moreHeaders;

    /** Re-evaluates: starts a sync with the best peer ahead of us, or settles the state. */
    public synchronized void consider() {
        if (syncPeer != null) {
            return;
        }
        List<Peer> ready = peers.readyPeers();
        ChainSummary ours = chain.summary();
        if (ready.isEmpty()) {
            state = discovery.configured() ? State.DISCOVERING : State.IN_SYNC;
            return;
        }
        List<Peer> candidates = ready.stream()
                .filter(p -> p.cumulativeWork().compareTo(ours.cumulativeWork()) > 0)
                .filter(p -> !failedThisRound.contains(p.connectionId()))
                .toList();
        Instant now = clock.instant();
        if (now.isBefore(startedAt.plus(config.settleTime()))
                || candidates.stream().anyMatch(p -> Double.isNaN(p.rttMillis())
                        && p.connectedAt().plus(config.settleTime()).isAfter(now))) {
            // choose only once round trips are known: the point is the lowest-latency peer, not the first one
            return;
        }
        Optional<Peer> best = candidates.stream()
                .min(Comparator.comparingDouble(p -> Double.isNaN(p.rttMillis()) ? Double.MAX_VALUE : p.rttMillis()));
        if (best.isPresent()) {
            start(best.get());
            return;
        }
        boolean anyAhead = ready.stream().anyMatch(p -> p.cumulativeWork().compareTo(ours.cumulativeWork()) > 0);
        state = anyAhead ? State.STALLED : State.IN_SYNC;
        if (!anyAhead) {
            failedThisRound.clear();
        }
    }

    /** A block with an unknown parent came from {@code peer}: fetch its chain from it (no orphan pool). */
    public synchronized void syncFrom(Peer peer) {
        if (syncPeer == null) {
            start(peer);
        }
    }

    private void start(Peer peer) {
        syncPeer = peer;
        targetHeight = peer.height();
        targetWork = peer.cumulativeWork();
        state = State.SYNCING;
        wanted.clear();
        requests.clear();
        LOG.infof("Syncing from %s (height %d, rtt %.1f ms)", peer, peer.height(), peer.rttMillis());
        requestHeaders();
    }

    private void requestHeaders() {
        List<String> locator = chain.mainHashesAt(Locator.heights(chain.summary().height())).stream()
                .map(Hash::toHex).toList();
        send(new ProtocolMessage.GetHeaders(locator, Hash.ZERO.toHex()));
    }

    private void send(ProtocolMessage message) {
        deadlineNanos = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
        syncPeer.send(message);
    }

    public synchronized void onHeaders(Peer peer, List<BlockHeader> headers) {
        if (peer != syncPeer) {
            return;
        }
        if (headers.isEmpty()) {
            finish();
            return;
        }
        if (!chain.contains(headers.get(0).previousHash())) {
            fail(RejectCode.BAD_SYNC_DATA, "headers do not start at a block we know");
            return;
        }
        for (int i = 1; i < headers.size(); i++) {
            List<Violation> broken = BlockValidator.checkFollows(headers.get(i - 1), headers.get(i));
            if (!broken.isEmpty()) {
                fail(RejectCode.BAD_SYNC_DATA, "headers do not chain: " + broken);
                return;
            }
        }
        Set<Hash> known = chain.known(headers.stream().map(BlockHeader::hash).toList());
        for (BlockHeader header : headers) {
            if (!known.contains(header.hash())) {
                wanted.add(header.hash());
            }
        }
        moreHeaders = headers.size() == P2pLimits.MAX_HEADERS_PER_MESSAGE;
        next();
    }

    public synchronized void onBlocks(Peer peer, List<Block> blocks) {
        if (peer != syncPeer) {
            return;
        }
        BlockRequest request = requests.pollFirst();
        if (request == null || request.discard) {
            return; // an answer to a request of an earlier sync with this peer, or to one sent before a gap
        }
        if (blocks.isEmpty()) {
            fail(RejectCode.STALLED, "announced blocks it does not serve");
            return;
        }
        for (int i = 0; i < blocks.size(); i++) {
            if (i >= request.hashes.size() || !blocks.get(i).hash().equals(request.hashes.get(i))) {
                fail(RejectCode.BAD_SYNC_DATA, "sent block " + blocks.get(i).hash() + " that was not asked for next");
                return;
            }
        }
        if (blocks.size() < request.hashes.size()) {
            requests.forEach(later -> later.discard = true);
        } else if (requests.isEmpty()) {
            requestBlocks(blocks.size());
        }
        applying.set(true);
        try {
            List<ApplyResult> results = chain.applyAll(blocks);
            metrics.syncApplied((int) results.stream().filter(ApplyResult::accepted).count());
            for (ApplyResult result : results) {
                if (!result.accepted()) {
                    fail(RejectCode.INVALID_BLOCK, "block " + result.blockHash() + ": " + result.violations());
                    return;
                }
                wanted.removeFirst();
            }
        } finally {
            applying.set(false);
        }
        if (requests.stream().allMatch(pending -> pending.discard)) {
            next();
        }
    }

    /** Asks for the next page of wanted blocks after the first {@code skip} (those already asked for). */
    private void requestBlocks(int skip) {
        List<Hash> page = wanted.stream().skip(skip).limit(P2pLimits.MAX_BLOCKS_PER_MESSAGE).toList();
        if (!page.isEmpty()) {
            requests.addLast(new BlockRequest(page));
            send(new ProtocolMessage.GetBlocks(page.stream().map(Hash::toHex).toList()));
        }
    }

    private void next() {
        if (!wanted.isEmpty()) {
            requestBlocks(0);
        } else if (moreHeaders) {
            requestHeaders();
        } else {
            finish();
        }
    }

    private void finish() {
        LOG.infof("Sync from %s done at height %d", syncPeer, chain.summary().height());
        syncPeer = null;
        wanted.clear();
        requests.clear();
        consider();
    }

    private void fail(RejectCode code, String reason) {
        Peer failed = syncPeer;
        failedThisRound.add(failed.connectionId());
        syncPeer = null;
        wanted.clear();
        requests.clear();
        peers.penalize(failed, code, reason);
        LOG.warnf("Sync from %s failed (%s: %s); falling back to the next peer", failed, code, reason);
        consider();
    }

    /** Called every second: a sync peer that stopped answering is replaced. */
    public synchronized void tick() {
        lastTick = clock.instant();
        if (syncPeer != null && !syncPeer.isReady()) {
            failedThisRound.add(syncPeer.connectionId());
            syncPeer = null;
            wanted.clear();
            requests.clear();
        } else if (syncPeer != null && System.nanoTime() - deadlineNanos > 0) {
            fail(RejectCode.STALLED, "no answer within " + REQUEST_TIMEOUT);
            return;
        }
        consider();
    }

    public synchronized void peerGone(Peer peer) {
        if (peer == syncPeer) {
            syncPeer = null;
            wanted.clear();
            requests.clear();
            consider();
        }
    }

    /** True on the thread that applies blocks fetched by sync: those are not relayed one by one. */
    public boolean isApplyingSyncBlocks() {
        return applying.get();
    }

    public State state() {
        return state;
    }

    public Status status() {
        List<Peer> ready = peers.readyPeers();
        long best = ready.stream().mapToLong(Peer::height).max().orElse(0);
        Peer current = syncPeer;
        synchronized (this) {
            return new Status(state, current == null ? null : current.address(),
                    state == State.SYNCING ? targetHeight : null,
                    state == State.SYNCING ? targetWork.toString() : null, chain.summary().height(), best,
                    ready.size(), List.copyOf(failedThisRound));
        }
    }
}
