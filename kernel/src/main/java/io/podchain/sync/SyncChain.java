package io.podchain.sync;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.Hash;
import io.podchain.chain.HeaderChain;
import io.podchain.chain.Violation;
import io.podchain.ledger.ApplyResult;
import io.podchain.ledger.ChainSummary;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Our chain as sync needs it: where it stands, the hashes a locator names, the checks of a peer's headers and blocks,
 * finality, and the one path by which a page of blocks is stored. The node's is its store and writer; the
 * simulator's a block tree in memory.
 */
public interface SyncChain {
    ChainSummary summary();

    /** The main chain's hashes at these heights, in their order (heights beyond the tip are left out). */
    List<Hash> mainHashesAt(List<Long> heights);

    /** The cumulative work at a stored block, if it is stored. */
    Optional<BigInteger> cumulativeWork(Hash hash);

    /** The consensus rules {@code headers} break, following our chain and the {@code checked} headers before them. */
    List<Violation> checkHeaders(HeaderChain checked, List<BlockHeader> headers);

    /** Those of {@code hashes} that are stored. */
    Set<Hash> known(List<Hash> hashes);

    /** {@code FORK_TOO_DEEP} when a branch starting with {@code first} would replace our final history. */
    Optional<Violation> forkTooDeep(BlockHeader first);

    /** Each block's intrinsic checks (signatures above all), spread over the cores where there are several. */
    List<List<Violation>> checkIntrinsic(List<Block> blocks);

    /** Stores a page of consecutive blocks whose intrinsic checks ran: one result per block up to the first refused. */
    List<ApplyResult> applyPage(List<Block> blocks, List<List<Violation>> intrinsic);
}
