package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import java.util.List;

/**
 * What the network hands to whoever follows the network's chain (the sync service): peers coming and going, their
 * claims changing, the answers to its requests, the engine's tick. The p2p package depends only on this interface, so
 * sync can depend on p2p without a cycle.
 */
public interface ChainFollower {
    /** A peer became ready, measured or claimed more: look again for a peer to sync from. */
    void consider();

    void onHeaders(Peer peer, List<BlockHeader> headers);

    void onBlocks(Peer peer, List<Block> blocks);

    void peerGone(Peer peer);

    /** Every second, from the network's housekeeping. */
    void tick();
}
