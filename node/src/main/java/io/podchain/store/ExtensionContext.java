package io.podchain.store;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainContext;
import io.podchain.chain.ConsensusLimits;
import io.podchain.chain.Hash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The chain as it will be once a run of blocks extending the main chain's tip is stored: the stored main chain
 * below, the run's blocks above, as the validator sees them one after the other. What the run adds is answered
 * from memory; what lies below is read once up front (the recent timestamps, which of the run's messages the main
 * chain already holds) or, for the rare retarget window start, asked of the store. Validating a page of synced
 * blocks this way costs a few statements per page instead of several per block.
 */
final class ExtensionContext implements ChainContext {
    private final ChainContext stored;
    private final BlockHeader storedTip;
    private final List<Long> storedRecentTimestamps;
    private final Set<Hash> messagesOnMainChain;
    private final Map<Hash, BlockHeader> added = new HashMap<>();
    private final List<BlockHeader> addedInOrder = new ArrayList<>();
    private final Set<Hash> messagesAdded = new HashSet<>();

    /**
     * @param stored                 the store's context (inside the same transaction)
     * @param storedTip              the main chain's tip the run extends
     * @param storedRecentTimestamps the newest main-chain timestamps ending with the tip, newest first
     * @param messagesOnMainChain    those of the run's messages the stored main chain already contains
     */
    ExtensionContext(ChainContext stored, BlockHeader storedTip, List<Long> storedRecentTimestamps,
            Set<Hash> messagesOnMainChain) {
        this.stored = stored;
        this.storedTip = storedTip;
        this.storedRecentTimestamps = List.copyOf(storedRecentTimestamps);
        this.messagesOnMainChain = Set.copyOf(messagesOnMainChain);
    }

    /** Timestamps the median time past needs, read once for a run. */
    static int recentTimestampsNeeded() {
        return ConsensusLimits.MEDIAN_TIME_SPAN;
    }

    /** Adds a validated block on top; later questions see it. */
    void append(Block block) {
        added.put(block.hash(), block.header());
        addedInOrder.add(block.header());
        block.messages().forEach(message -> messagesAdded.add(message.id()));
    }

    private BlockHeader top() {
        return addedInOrder.isEmpty() ? storedTip : addedInOrder.get(addedInOrder.size() - 1);
    }

    private void requireTop(Hash tip) {
        if (!tip.equals(top().hash())) {
            throw new IllegalArgumentException("an extension context answers for its top block only, not " + tip);
        }
    }

    @Override
    public Optional<BlockHeader> header(Hash hash) {
        BlockHeader header = added.get(hash);
        if (header != null) {
            return Optional.of(header);
        }
        return hash.equals(storedTip.hash()) ? Optional.of(storedTip) : stored.header(hash);
    }

    @Override
    public List<Long> recentTimestamps(Hash tip, int count) {
        requireTop(tip);
        List<Long> timestamps = new ArrayList<>(count);
        for (int i = addedInOrder.size() - 1; i >= 0 && timestamps.size() < count; i--) {
            timestamps.add(addedInOrder.get(i).timestamp());
        }
        int fromStore = count - timestamps.size();
        boolean readEnough = fromStore <= storedRecentTimestamps.size()
                || storedRecentTimestamps.size() < recentTimestampsNeeded(); // the stored chain has no more
        timestamps.addAll(readEnough
                ? storedRecentTimestamps.subList(0, Math.min(fromStore, storedRecentTimestamps.size()))
                : stored.recentTimestamps(storedTip.hash(), fromStore));
        return timestamps;
    }

    @Override
    public long timestampAt(Hash tip, long height) {
        requireTop(tip);
        if (height > storedTip.height()) {
            return addedInOrder.get((int) (height - storedTip.height() - 1)).timestamp();
        }
        return stored.timestampAt(storedTip.hash(), height);
    }

    @Override
    public Set<Hash> alreadyInBranch(Hash tip, Collection<Hash> messageIds) {
        requireTop(tip);
        Set<Hash> found = new HashSet<>();
        for (Hash id : messageIds) {
            if (messagesOnMainChain.contains(id) || messagesAdded.contains(id)) {
                found.add(id);
            }
        }
        return found;
    }
}
