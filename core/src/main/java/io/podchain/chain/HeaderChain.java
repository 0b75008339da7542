package io.podchain.chain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Headers a peer sent, checked one after the other on top of the chain we store, whose blocks we do not have yet:
 * the view that makes a peer's claimed work count only as far as its headers back it. Each header is checked
 * against its parent (an earlier header of the batch, one checked before, or a stored block) with
 * {@link BlockValidator#checkHeader}, so difficulty retargeting and the median time past see the peer's branch as
 * it will be. Keeps at most {@code capacity} headers, forgetting the oldest: those are the first whose blocks are
 * stored, and the store answers for them from then on.
 */
public final class HeaderChain {
    private final Map<Hash, BlockHeader> headers;

    /** @param capacity headers kept: more than the blocks a sync wants at once */
    public HeaderChain(int capacity) {
        headers = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, BlockHeader> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Checks the headers, oldest first, and keeps those that pass.
     *
     * @param stored the chain this node stores (asked only for what lies below the checked headers)
     * @return the rules broken by the first header that breaks any (and nothing kept from it on), or empty
     */
    public List<Violation> check(List<BlockHeader> batch, ChainContext stored, BlockValidator validator) {
        ChainContext view = new Overlay(stored);
        for (BlockHeader header : batch) {
            Optional<BlockHeader> parent = view.header(header.previousHash());
            if (parent.isEmpty()) {
                return List.of(new Violation(Rule.UNKNOWN_PARENT, "header " + header.hash() + " follows "
                        + header.previousHash() + ", which is neither stored nor among the headers sent"));
            }
            List<Violation> broken = validator.checkHeader(parent.get(), header, view);
            if (!broken.isEmpty()) {
                return broken;
            }
            headers.put(header.hash(), header);
        }
        return List.of();
    }

    public Optional<BlockHeader> header(Hash hash) {
        return Optional.ofNullable(headers.get(hash));
    }

    public void clear() {
        headers.clear();
    }

    /** The checked headers over the stored chain. */
    private final class Overlay implements ChainContext {
        private final ChainContext stored;

        Overlay(ChainContext stored) {
            this.stored = stored;
        }

        @Override
        public Optional<BlockHeader> header(Hash hash) {
            BlockHeader header = headers.get(hash);
            return header != null ? Optional.of(header) : stored.header(hash);
        }

        @Override
        public List<Long> recentTimestamps(Hash tip, int count) {
            List<Long> timestamps = new ArrayList<>(count);
            Hash cursor = tip;
            for (BlockHeader h; timestamps.size() < count && (h = headers.get(cursor)) != null; ) {
                timestamps.add(h.timestamp());
                cursor = h.previousHash();
            }
            if (timestamps.size() < count) {
                timestamps.addAll(stored.recentTimestamps(cursor, count - timestamps.size()));
            }
            return timestamps;
        }

        @Override
        public long timestampAt(Hash tip, long height) {
            Hash cursor = tip;
            for (BlockHeader h; (h = headers.get(cursor)) != null; cursor = h.previousHash()) {
                if (h.height() == height) {
                    return h.timestamp();
                }
            }
            return stored.timestampAt(cursor, height);
        }

        @Override
        public Set<Hash> alreadyInBranch(Hash tip, Collection<Hash> messageIds) {
            throw new UnsupportedOperationException("headers carry no messages");
        }
    }
}
