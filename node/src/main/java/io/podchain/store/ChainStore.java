package io.podchain.store;

import io.podchain.ledger.ChainSummary;

import static io.podchain.store.IdArrays.anyId;
import static io.podchain.store.IdArrays.hashIds;
import static io.podchain.store.IdArrays.ids;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.BlockValidator;
import io.podchain.chain.ChainParams;
import io.podchain.chain.Genesis;
import io.podchain.chain.Hash;
import io.podchain.chain.HeaderChain;
import io.podchain.chain.Message;
import io.podchain.chain.Violation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.jpa.HibernateHints;

/**
 * The chain in PostgreSQL, read: the tip and its summary, blocks by hash or main-chain height, pages of headers and
 * blocks, what is known. Every change of the chain is {@link ChainWriter}'s; reads see its committed state.
 */
@ApplicationScoped
public class ChainStore {
    private static final String ANY_ID = anyId(1);

    private final BlockValidator validator;
    private final EntityManager em;
    private final Block genesis;

    ChainStore(ChainParams params, BlockValidator validator, EntityManager em) {
        this.validator = validator;
        this.em = em;
        this.genesis = Genesis.create(params);
    }

    public Block genesis() {
        return genesis;
    }

    // ---- reads ----

    @Transactional
    public ChainSummary summary() {
        ChainStateEntity state = ChainStateEntity.get();
        BlockEntity tip = BlockEntity.findById(state.tipHash);
        return new ChainSummary(state.networkId, Hash.fromHex(state.genesisHash), tip.toHeader(), tip.cumulativeWork);
    }

    /** The rules for a block on the current tip, computed by the validator's own methods. */
    @Transactional
    public NextBlock nextBlock() {
        BlockHeader parent = BlockEntity.<BlockEntity>findById(ChainStateEntity.get().tipHash).toHeader();
        StoreChainContext context = new StoreChainContext(em);
        return new NextBlock(parent, validator.expectedDifficulty(parent, context),
                validator.earliestTimestamp(parent, context));
    }

    @Transactional
    public Optional<StoredBlock> block(Hash hash) {
        return BlockEntity.byHash(hash).map(b -> withMessages(List.of(b)).get(0));
    }

    @Transactional
    public Optional<StoredBlock> mainBlockAt(long height) {
        return BlockEntity.mainAt(height).map(b -> withMessages(List.of(b)).get(0));
    }

    /** Main-chain blocks from {@code fromHeight} upward, at most {@code limit}. */
    @Transactional
    public List<StoredBlock> mainBlocks(long fromHeight, int limit) {
        List<BlockEntity> blocks = BlockEntity.find("mainChain = true and height >= ?1 order by height", fromHeight)
                .page(0, limit).list();
        return withMessages(blocks);
    }

    /** Main-chain block hashes at the given heights (heights above the tip are left out). */
    @Transactional
    public List<Hash> mainHashesAt(List<Long> heights) {
        if (heights.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select b.hash from BlockEntity b where b.mainChain = true and b.height in :heights"
                        + " order by b.height desc", String.class)
                .setParameter("heights", heights).getResultList().stream().map(Hash::fromHex).toList();
    }

    /**
     * Main-chain headers after the first locator hash found on the main chain (genesis when none is), oldest first,
     * up to and including {@code stop} when it is reached, at most {@code max}.
     */
    @Transactional
    public List<BlockHeader> headersAfter(List<Hash> locator, Hash stop, int max) {
        long from = 0;
        for (Hash hash : locator) {
            Optional<BlockEntity> block = BlockEntity.byHash(hash);
            if (block.isPresent() && block.get().mainChain) {
                from = block.get().height;
                break;
            }
        }
        List<BlockEntity> after = BlockEntity.<BlockEntity>find("mainChain = true and height > ?1 order by height",
                from).page(0, max).list();
        List<BlockHeader> headers = new ArrayList<>(after.size());
        for (BlockEntity block : after) {
            headers.add(block.toHeader());
            if (block.hash.equals(stop.toHex())) {
                break;
            }
        }
        return headers;
    }

    /** The stored blocks among {@code hashes}, in the order given. */
    @Transactional
    public List<Block> blocks(List<Hash> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        Map<String, BlockEntity> found = new HashMap<>();
        List<BlockEntity> stored = em.createNativeQuery("select * from block where hash" + ANY_ID, BlockEntity.class)
                .setHint(HibernateHints.HINT_READ_ONLY, true).setParameter(1, hashIds(hashes)).getResultList();
        stored.forEach(b -> found.put(b.hash, b));
        List<BlockEntity> ordered = hashes.stream().map(h -> found.get(h.toHex())).filter(b -> b != null).toList();
        return withMessages(ordered).stream().map(StoredBlock::block).toList();
    }

    /**
     * Checks headers a peer sent on top of the stored chain and the headers checked before ({@link HeaderChain}).
     *
     * @return the rules broken by the first header that breaks one, or empty when all passed
     */
    @Transactional
    public List<Violation> checkHeaders(HeaderChain checked, List<BlockHeader> headers) {
        return checked.check(headers, new StoreChainContext(em), validator);
    }

    /** The cumulative work of a stored block, on any branch. */
    @Transactional
    public Optional<BigInteger> cumulativeWork(Hash hash) {
        return BlockEntity.byHash(hash).map(b -> b.cumulativeWork);
    }

    @Transactional
    public boolean contains(Hash hash) {
        return BlockEntity.count("hash", hash.toHex()) > 0;
    }

    /** Those of {@code hashes} that are stored, on any branch: one query, not one per hash. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Set<Hash> known(List<Hash> hashes) {
        Set<Hash> found = new HashSet<>();
        em.createNativeQuery("select hash from block where hash" + ANY_ID, String.class)
                .setParameter(1, hashIds(hashes)).getResultList()
                .forEach(h -> found.add(Hash.fromHex(((String) h).trim())));
        return found;
    }

    private List<StoredBlock> withMessages(List<BlockEntity> blocks) {
        Map<String, List<Message>> messagesByBlock = new LinkedHashMap<>();
        blocks.forEach(b -> messagesByBlock.put(b.hash, new ArrayList<>()));
        if (!blocks.isEmpty()) {
            List<Object[]> rows = em.createNativeQuery("select bm.block_hash, m.sender, m.recipient, m.content,"
                            + " m.created_at, m.signature from block_message bm join message m on m.id = bm.message_id"
                            + " where bm.block_hash" + ANY_ID + " order by bm.block_hash, bm.position")
                    .setParameter(1, ids(List.copyOf(messagesByBlock.keySet()))).getResultList();
            for (Object[] row : rows) {
                messagesByBlock.get(((String) row[0]).trim()).add(MessageEntity.toMessage((String) row[1],
                        (String) row[2], (String) row[3], ((Number) row[4]).longValue(), (String) row[5]));
            }
        }
        return blocks.stream().map(b -> {
            BlockHeader header = b.toHeader();
            return new StoredBlock(new Block(header, messagesByBlock.get(b.hash)), b.cumulativeWork, b.mainChain);
        }).toList();
    }
}
