package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.Hash;
import io.podchain.chain.Hex;
import io.podchain.chain.ProofOfWork;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import io.podchain.log.LogLimiter;
import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainSummary;
import io.podchain.ledger.ChainTipChanged;
import io.podchain.ledger.TipBlockValidated;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * New blocks, both ways: what peers announce goes to the store (the one path of every block), and what becomes our
 * tip is announced to every ready peer but the one it came from, each once (seen-caches): a peer's block as soon
 * as its own checks and its header pass, before the store reads anything; our own and those that arrive otherwise
 * once valid. Pending messages travel in batches through {@link MessageInventory}.
 */
class Relay {
    private static final Logger LOG = Logger.getLogger(Relay.class);

    private final SeenCache<Hash, String> seenBlocks = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);
    /** Blocks this node has announced: each once, whether on validation or after the commit. */
    private final SeenCache<Hash, Boolean> relayedBlocks = new SeenCache<>(P2pLimits.SEEN_CACHE_SIZE);

    private final LocalChain chain;
    private final ConnectedPeers connected;
    private final ChainFollower sync;
    private final P2pMetrics metrics;
    private final PeerDiscipline discipline;
    private final BlockValidator validator;
    private final ProtocolCodec codec = new ProtocolCodec();

    Relay(LocalChain chain, ConnectedPeers connected, ChainFollower sync, P2pMetrics metrics,
            PeerDiscipline discipline, BlockValidator validator) {
        this.validator = validator;
        this.chain = chain;
        this.connected = connected;
        this.sync = sync;
        this.metrics = metrics;
        this.discipline = discipline;
    }

    /** Each address's share of side branches, kept across its reconnections; as many addresses as admission tracks. */
    private final Cache<String, SideBranchShare> sideBranchShares = Caffeine.newBuilder()
            .maximumSize(P2pLimits.MAX_TRACKED_IPS).build();

    /** Blocks refused by policy (finality, the side-branch bound) or for a clock: a few lines a minute per address. */
    private final LogLimiter finalityLog = new LogLimiter();

    /**
     * A block a peer announced: checked on its own (signatures, Merkle root, proof of work) and, when it extends our
     * tip, its header against the tip's in memory; a block that passes is relayed at once, before the checks that
     * read the stored chain (as BIP152's high-bandwidth peers and Ethereum's {@code NewBlock} relay: the proof of
     * work makes a block that fails later as costly as a real one). Then it is stored, fully checked, on the one
     * path of every block.
     */
    void onBlock(Peer peer, ProtocolMessage.BlockAnnouncement announcement) {
        BlockHopEvent hop = new BlockHopEvent();
        hop.begin();
        Scheduler time = peer.scheduler();
        long started = time.nanoTime();
        long arrival = peer.handledArrivalNanos();
        Block block = Block.decode(Hex.decode(announcement.block(), "block"));
        if (!seenBlocks.add(block.hash(), peer.connectionId())) {
            return;
        }
        long decoded = time.nanoTime();
        metrics.blockReceived(block);
        List<Violation> intrinsic = validator.checkIntrinsic(block, null);
        boolean early = intrinsic.isEmpty() && chain.tipHeaders()
                .flatMap(tip -> tip.checkChild(block.header(), validator)).map(List::isEmpty).orElse(false);
        long checked = time.nanoTime();
        if (early) {
            relay(block);
        }
        long relayed = time.nanoTime();
        ApplyResult result;
        try {
            result = chain.apply(block, intrinsic, sideBranchShares.get(peer.remoteHost(),
                    host -> new SideBranchShare(P2pLimits.MAX_SIDE_BRANCH_BLOCKS_PER_PEER)));
        } catch (RuntimeException e) {
            // our side failed (e.g. the database), not the block or its sender: take it again when a peer sends it
            // again, even though it may already have been relayed
            seenBlocks.remove(block.hash());
            LOG.warnf("Could not store block %s from %s (%s); it is taken again when a peer sends it", block.hash(),
                    peer, e);
            return;
        }
        metrics.blockApplied(time.nanoTime() - relayed);
        if (hop.shouldCommit()) {
            hop.block = block.hash().toHex();
            hop.height = block.header().height();
            hop.queued = arrival == 0 ? 0 : started - arrival;
            hop.decode = decoded - started;
            hop.checks = checked - decoded;
            hop.untilRelayed = early && arrival != 0 ? relayed - arrival : 0;
            hop.relay = relayed - checked;
            hop.store = time.nanoTime() - relayed;
            hop.outcome = result.outcome().name();
            hop.commit();
        }
        // the peer has a block we checked, so it has at least that block's work
        result.tipChange().ifPresent(change -> peer.verified(new Peer.ChainPosition(change.height(), change.tip(),
                change.cumulativeWork())));
        if (result.accepted()) {
            return;
        }
        seenBlocks.remove(block.hash());
        switch (BlockFault.of(intrinsic.isEmpty(), result.violations())) {
            case MISSING_PARENT -> hintOfMoreChain(peer, block);
            case OUR_POLICY -> {
                // not a rule the peer broke: a node back from a long partition may send such a block honestly
                Violation why = result.violations().get(0);
                String line = finalityLog.line(peer.remoteHost(), String.format("Block %s from %s not stored: %s (%s)",
                        block.hash(), peer, why.rule() == Rule.FORK_TOO_DEEP
                                ? "it would replace this node's final history" : "side branches are full",
                        why.detail()));
                if (line != null) {
                    LOG.info(line);
                }
            }
            case AHEAD_OF_OUR_CLOCK -> {
                metrics.blockRejected(result.violations());
                String line = finalityLog.line(peer.remoteHost(), String.format("Block %s from %s not accepted: %s;"
                        + " its producer's clock or this node's is wrong", block.hash(), peer,
                        result.violations().get(0).detail()));
                if (line != null) {
                    LOG.warn(line);
                }
            }
            case PRODUCER -> {
                // an honest peer relays such a block on; the key that signed it made it
                metrics.blockRejected(result.violations());
                discipline.penalizeProducer(peer, block.header().minerKey(), RejectCode.INVALID_BLOCK,
                        "block " + block.hash() + ": " + result.violations());
            }
            case SENDER -> {
                metrics.blockRejected(result.violations());
                discipline.penalize(peer, RejectCode.INVALID_BLOCK, "block " + block.hash() + ": "
                        + result.violations());
            }
        }
    }

    /**
     * A block whose parent we lack says its sender may have chain we do not: it raises the sender's claim (when the
     * block lies beyond our tip) and the sync service looks again. Whom it asks is {@code PeerChoice}'s decision
     * (the closest peer ahead that has not failed this round), so such blocks cannot make the node sync from their
     * sender again and again.
     */
    private void hintOfMoreChain(Peer peer, Block block) {
        ChainSummary ours = chain.summary();
        if (block.header().height() > ours.tip().height()) {
            peer.claimAtLeast(new Peer.ChainPosition(block.header().height(), block.hash(),
                    ours.cumulativeWork().add(ProofOfWork.work(block.header().difficulty()))));
        }
        sync.consider();
    }

    /** A block about to become the tip is announced as soon as it is valid, not after it is written. */
    void onTipBlockValidated(TipBlockValidated validated) {
        relay(validated.block());
    }

    /** What joined the main chain is announced, unless a page of sync brought it (peers sync as we did). */
    void onTipChanged(ChainTipChanged change) {
        if (change.page()) {
            return;
        }
        List<Hash> connectedBlocks = change.connected();
        List<Hash> toAnnounce = connectedBlocks.size() > P2pLimits.MAX_BLOCKS_RELAYED_PER_TIP_CHANGE
                ? List.of(change.tip()) : connectedBlocks;
        List<Block> blocks = toAnnounce.equals(List.of(change.tip())) ? List.of(change.tipBlock())
                : chain.blocks(toAnnounce);
        blocks.forEach(this::relay);
    }

    /** Announces {@code block} to every ready peer but the one it came from, unless it was announced already. */
    private void relay(Block block) {
        if (!relayedBlocks.add(block.hash(), Boolean.TRUE)) {
            return;
        }
        seenBlocks.add(block.hash(), "");
        String source = seenBlocks.get(block.hash());
        metrics.blocksRelayed(broadcast(new ProtocolMessage.BlockAnnouncement(Hex.encode(block.canonicalBytes())),
                source));
    }

    /** To every ready peer but the one the item came from, concurrently (sends do not wait for each other). */
    private int broadcast(ProtocolMessage message, String exceptConnectionId) {
        int sent = 0;
        String text = codec.encode(message);
        for (Peer peer : connected.ready()) {
            if (!peer.connectionId().equals(exceptConnectionId)) {
                peer.send(message, text);
                sent++;
            }
        }
        return sent;
    }
}
