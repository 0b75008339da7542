package io.podchain.chain;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What contextual validation needs to know about the chain a block joins. The store answers it from PostgreSQL;
 * tests answer it from memory. Every question is about the branch ending at a given block, main chain or not.
 */
public interface ChainContext {

    Optional<BlockHeader> header(Hash hash);

    /** Timestamps of up to {@code count} blocks ending with {@code tip}, newest first. */
    List<Long> recentTimestamps(Hash tip, int count);

    /** Timestamp of the ancestor of {@code tip} (or {@code tip} itself) at {@code height}. */
    long timestampAt(Hash tip, long height);

    /** Those of {@code messageIds} already contained in blocks of the branch ending at {@code tip}. */
    Set<Hash> alreadyInBranch(Hash tip, Collection<Hash> messageIds);
}
