package io.podchain.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The main chain's newest headers, in memory: what {@link BlockValidator#checkHeader} asks about a child of the tip
 * (its parent, the median time past, a retarget window's first timestamp), answered without the store. This is the
 * view a block is checked against before it is relayed on (BIP152's high-bandwidth relay checks the header and
 * its proof of work, then the body). Immutable: each new tip makes a new one. It answers only for its tip; the
 * messages of the branch are the store's to know ({@link #alreadyInBranch} is not answered).
 */
public final class TipHeaders implements ChainContext {
    private final List<BlockHeader> headers;
    private final Map<Hash, BlockHeader> byHash;
    private final int capacity;

    /**
     * @param oldestFirst consecutive main-chain headers ending with the tip; the newest {@code capacity} are kept
     * @param capacity    at least {@link #capacityFor} of the network, or a retarget or the median time past would
     *                    ask for a header that is not kept
     */
    public TipHeaders(List<BlockHeader> oldestFirst, int capacity) {
        if (oldestFirst.isEmpty()) {
            throw new IllegalArgumentException("no headers: the tip is needed at least");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        for (int i = 1; i < oldestFirst.size(); i++) {
            List<Violation> broken = BlockValidator.checkFollows(oldestFirst.get(i - 1), oldestFirst.get(i));
            if (!broken.isEmpty()) {
                throw new IllegalArgumentException("not a chain at " + i + ": " + broken);
            }
        }
        this.capacity = capacity;
        this.headers = List.copyOf(oldestFirst.subList(Math.max(0, oldestFirst.size() - capacity),
                oldestFirst.size()));
        this.byHash = new HashMap<>();
        headers.forEach(h -> byHash.put(h.hash(), h));
    }

    /** Headers a view must keep for {@code params}: the median time past's span, and a retarget's window. */
    public static int capacityFor(ChainParams params) {
        return Math.max(ConsensusLimits.MEDIAN_TIME_SPAN, params.retargetInterval() + 2);
    }

    public BlockHeader tip() {
        return headers.get(headers.size() - 1);
    }

    /** This view with {@code next} as its tip; the oldest header leaves once the capacity is reached. */
    public TipHeaders extendedBy(BlockHeader next) {
        List<Violation> broken = BlockValidator.checkFollows(tip(), next);
        if (!broken.isEmpty()) {
            throw new IllegalArgumentException("does not extend the tip: " + broken);
        }
        List<BlockHeader> extended = new ArrayList<>(headers.size() + 1);
        extended.addAll(headers);
        extended.add(next);
        return new TipHeaders(extended, capacity);
    }

    /**
     * The rules a header that builds on the tip breaks, as {@link BlockValidator#checkHeader} finds them with the
     * store; empty when the header builds on another block, which this view cannot judge.
     */
    public Optional<List<Violation>> checkChild(BlockHeader header, BlockValidator validator) {
        if (!header.previousHash().equals(tip().hash())) {
            return Optional.empty();
        }
        return Optional.of(validator.checkHeader(tip(), header, this));
    }

    @Override
    public Optional<BlockHeader> header(Hash hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    @Override
    public List<Long> recentTimestamps(Hash tip, int count) {
        requireTip(tip);
        if (count > headers.size() && headers.get(0).height() > 0) {
            throw new IllegalStateException(count + " timestamps asked of a view that keeps " + headers.size());
        }
        List<Long> timestamps = new ArrayList<>(count);
        for (int i = headers.size() - 1; i >= 0 && timestamps.size() < count; i--) {
            timestamps.add(headers.get(i).timestamp());
        }
        return timestamps;
    }

    @Override
    public long timestampAt(Hash tip, long height) {
        requireTip(tip);
        long index = height - headers.get(0).height();
        if (index < 0 || index >= headers.size()) {
            throw new IllegalStateException("height " + height + " is not kept (heights " + headers.get(0).height()
                    + " to " + tip().height() + ")");
        }
        return headers.get((int) index).timestamp();
    }

    /** Not answered: which messages a branch holds is the store's to know. */
    @Override
    public Set<Hash> alreadyInBranch(Hash tip, Collection<Hash> messageIds) {
        throw new UnsupportedOperationException("a view of headers does not know the branch's messages");
    }

    private void requireTip(Hash tip) {
        if (!tip.equals(tip().hash())) {
            throw new IllegalArgumentException("this view answers for its tip only, not " + tip);
        }
    }
}
