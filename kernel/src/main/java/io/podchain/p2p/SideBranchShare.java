package io.podchain.p2p;

import io.podchain.ledger.SideBranchQuota;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One peer address's share of the side-branch blocks the node keeps: the heights of those it delivered that are
 * still above the final height (kept per address, so reconnecting does not renew it). A block there stops counting once the main chain has buried it below the finality depth (it can
 * no longer become main, and the pruner drops it), so an honest peer that lost a race now and then never runs out,
 * while one that mines branch after branch holds at most {@link P2pLimits#MAX_SIDE_BRANCH_BLOCKS_PER_PEER} at a time.
 */
final class SideBranchShare implements SideBranchQuota {
    private final int limit;
    /** Heights in the order stored; their number never exceeds {@code limit}. */
    private final Deque<Long> heights = new ArrayDeque<>();

    SideBranchShare(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a share of " + limit + " side-branch blocks");
        }
        this.limit = limit;
    }

    @Override
    public synchronized boolean hasRoom(long finalHeight) {
        heights.removeIf(height -> height <= finalHeight);
        return heights.size() < limit;
    }

    @Override
    public synchronized void stored(long height) {
        if (heights.size() >= limit) {
            // the writer asks hasRoom first under its lock; a second writer path must not grow the deque unbounded
            heights.removeFirst();
        }
        heights.addLast(height);
    }
}
