package io.podchain.p2p;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.TipHeaders;
import io.podchain.chain.Violation;
import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainSummary;
import io.podchain.ledger.SideBranchQuota;
import java.util.List;
import java.util.Optional;

/**
 * Our chain, as the network's handlers need it: what to tell a peer about it, the blocks to announce, and the one
 * path by which a peer's block is stored. The node's is {@link StoredChain}; the handlers' unit tests keep a chain
 * in memory, so the handshake and the relay are tested without a database.
 */
public interface LocalChain {
    ChainSummary summary();

    Hash genesisHash();

    /**
     * The main chain's headers after the first hash of {@code locator} that is on it (genesis when none is), up to
     * {@code stop} or {@code max} of them.
     */
    List<BlockHeader> headersAfter(List<Hash> locator, Hash stop, int max);

    /** The stored blocks among {@code hashes}, in their order. */
    List<Block> blocks(List<Hash> hashes);

    /** The main chain's newest headers when they are held in memory: what a block extending the tip is checked against before it is relayed. */
    Optional<TipHeaders> tipHeaders();

    /**
     * Stores a peer's block with every check, the one path of every block; {@code intrinsic} is what its own checks
     * found already (they are not repeated). Throws when our side fails (the database), not the block.
     */
    ApplyResult apply(Block block, List<Violation> intrinsic, SideBranchQuota quota);
}
