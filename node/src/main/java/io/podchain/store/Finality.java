package io.podchain.store;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.ForkChoice;
import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The chain's final part: the main chain more than {@link ChainConfig#maxForkDepth} blocks below the tip is never
 * replaced, whatever work a branch carries, so a branch that leaves it down there is neither taken nor kept, and the
 * side branches it strands are dropped.
 */
@ApplicationScoped
public class Finality {
    private final EntityManager em;
    private final ChainConfig config;

    Finality(EntityManager em, ChainConfig config) {
        this.em = em;
        this.config = config;
    }

    /** The height at and below which a main chain whose tip is at {@code tipHeight} is final. */
    long finalHeight(long tipHeight) {
        return tipHeight - config.maxForkDepth();
    }

    /**
     * Whether a branch starting with {@code first} (its parent known) would leave the main chain below its final
     * part: sync asks before it fetches such a branch's blocks.
     */
    @Transactional
    public Optional<Violation> violation(BlockHeader first) {
        return forkTooDeep(first, BlockEntity.findById(ChainStateEntity.get().tipHash));
    }

    /**
     * {@link Rule#FORK_TOO_DEEP} when the block's branch leaves the main chain more than
     * {@link ChainConfig#maxForkDepth} below the tip ({@link ForkChoice#forkTooDeep}: at most that many lookups under
     * the chain lock); an unknown parent is left to the validator.
     */
    Optional<Violation> forkTooDeep(BlockHeader header, BlockEntity tip) {
        return ForkChoice.forkTooDeep(new StoredBlockIndex(tip), header, config.maxForkDepth());
    }

    /** Side-branch blocks above the final height (those that could still become main). */
    long sideBranchBlocksAbove(long finalHeight) {
        return ((Number) em.createNativeQuery("select count(*) from block where not main_chain and height > ?1")
                .setParameter(1, finalHeight).getSingleResult()).longValue();
    }

    /**
     * Drops side-branch blocks at or below the final height: no branch holding them can become main any more.
     *
     * @return how many were dropped
     */
    @Transactional
    public int pruneSideBranches() {
        long finalHeight = finalHeight(BlockEntity.<BlockEntity>findById(ChainStateEntity.get().tipHash).height);
        em.createNativeQuery("delete from block_message where block_hash in (select hash from block where not"
                + " main_chain and height <= ?1)").setParameter(1, finalHeight).executeUpdate();
        return em.createNativeQuery("delete from block where not main_chain and height <= ?1")
                .setParameter(1, finalHeight).executeUpdate();
    }
}
