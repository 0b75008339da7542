package io.podchain.store;

import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainContext;
import io.podchain.chain.Hash;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@link ChainContext} from PostgreSQL inside the caller's transaction. Questions about a side branch walk
 * back block by block to where it meets the main chain, then use the main chain's height index, so their cost
 * depends on the branch's length, never on the chain's.
 */
final class StoreChainContext implements ChainContext {
    private final EntityManager em;

    StoreChainContext(EntityManager em) {
        this.em = em;
    }

    @Override
    public Optional<BlockHeader> header(Hash hash) {
        return BlockEntity.byHash(hash).map(BlockEntity::toHeader);
    }

    @Override
    public List<Long> recentTimestamps(Hash tip, int count) {
        List<Long> timestamps = new ArrayList<>(count);
        BlockEntity cursor = BlockEntity.<BlockEntity>findById(tip.toHex());
        while (cursor != null && !cursor.mainChain && timestamps.size() < count) {
            timestamps.add(cursor.timestamp);
            cursor = cursor.height == 0 ? null : BlockEntity.<BlockEntity>findById(cursor.previousHash);
        }
        if (cursor != null && timestamps.size() < count) {
            timestamps.addAll(em.createQuery("select b.timestamp from BlockEntity b where b.mainChain = true"
                            + " and b.height <= :top order by b.height desc", Long.class)
                    .setParameter("top", cursor.height)
                    .setMaxResults(count - timestamps.size())
                    .getResultList());
        }
        return timestamps;
    }

    @Override
    public long timestampAt(Hash tip, long height) {
        BlockEntity cursor = BlockEntity.findById(tip.toHex());
        while (!cursor.mainChain && cursor.height > height) {
            cursor = BlockEntity.findById(cursor.previousHash);
        }
        if (cursor.height == height) {
            return cursor.timestamp;
        }
        return BlockEntity.mainAt(height).orElseThrow().timestamp;
    }

    @Override
    public Set<Hash> alreadyInBranch(Hash tip, Collection<Hash> messageIds) {
        List<String> sideBlocks = new ArrayList<>();
        BlockEntity cursor = BlockEntity.findById(tip.toHex());
        while (!cursor.mainChain) {
            sideBlocks.add(cursor.hash);
            cursor = BlockEntity.findById(cursor.previousHash);
        }
        List<?> found = em.createNativeQuery("select distinct bm.message_id from block_message bm join block b"
                        + " on b.hash = bm.block_hash where bm.message_id" + IdArrays.anyId(1)
                        + " and ((b.main_chain and b.height <= ?2) or b.hash" + IdArrays.anyId(3) + ")", String.class)
                .setParameter(1, IdArrays.hashIds(messageIds))
                .setParameter(2, cursor.height)
                .setParameter(3, IdArrays.ids(sideBlocks))
                .getResultList();
        Set<Hash> result = new HashSet<>();
        found.forEach(id -> result.add(Hash.fromHex(((String) id).trim())));
        return result;
    }
}
