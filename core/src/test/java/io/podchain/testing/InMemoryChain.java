package io.podchain.testing;

import io.podchain.chain.Block;
import io.podchain.chain.BlockHeader;
import io.podchain.chain.ChainContext;
import io.podchain.chain.Hash;
import io.podchain.chain.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link ChainContext} over blocks held in memory, for testing the pure validation rules. */
public final class InMemoryChain implements ChainContext {
    private final Map<Hash, Block> blocks = new HashMap<>();

    public InMemoryChain(Block genesis) {
        add(genesis);
    }

    public void add(Block block) {
        blocks.put(block.hash(), block);
    }

    @Override
    public Optional<BlockHeader> header(Hash hash) {
        return Optional.ofNullable(blocks.get(hash)).map(Block::header);
    }

    private List<Block> branch(Hash tip) {
        List<Block> branch = new ArrayList<>();
        Block cursor = blocks.get(tip);
        while (cursor != null) {
            branch.add(cursor);
            cursor = cursor.height() == 0 ? null : blocks.get(cursor.header().previousHash());
        }
        return branch;
    }

    @Override
    public List<Long> recentTimestamps(Hash tip, int count) {
        return branch(tip).stream().limit(count).map(b -> b.header().timestamp()).toList();
    }

    @Override
    public long timestampAt(Hash tip, long height) {
        return branch(tip).stream().filter(b -> b.height() == height).findFirst().orElseThrow().header().timestamp();
    }

    @Override
    public Set<Hash> alreadyInBranch(Hash tip, Collection<Hash> messageIds) {
        Set<Hash> found = new HashSet<>();
        for (Block block : branch(tip)) {
            for (Message message : block.messages()) {
                if (messageIds.contains(message.id())) {
                    found.add(message.id());
                }
            }
        }
        return found;
    }
}
