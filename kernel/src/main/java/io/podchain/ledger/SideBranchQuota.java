package io.podchain.ledger;

/**
 * A source's share of the side-branch blocks the node keeps: asked by the chain's writer, under its lock, before it
 * stores a block that would not become the tip. The node-wide bound ({@link ChainConfig#maxSideBranchBlocks}) holds
 * whatever the quota says; a quota only keeps one source from taking all of it.
 */
public interface SideBranchQuota {
    /** No share of its own: blocks the node made or was asked to take (mining, the API, sync of a checked branch). */
    SideBranchQuota UNLIMITED = new SideBranchQuota() {
        @Override
        public boolean hasRoom(long finalHeight) {
            return true;
        }

        @Override
        public void stored(long height) {
            // nothing to count
        }
    };

    /**
     * Whether the source may add another side-branch block.
     *
     * @param finalHeight the height at and below which blocks are final: side blocks there no longer count
     */
    boolean hasRoom(long finalHeight);

    /** A side-branch block at {@code height} from this source was stored. */
    void stored(long height);
}
