package io.podchain.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Fork choice over a block tree: where a new block goes (a side branch, or the new tip and which blocks leave and
 * join the main chain) by cumulative work ({@link ChainWork#isBetter}, ties to the smaller hash) under finality (a
 * branch never replaces main-chain blocks more than {@code maxForkDepth} below the tip). Pure: it reads the tree
 * through {@link BlockIndex} and says what to do; whoever holds the tree does it (the node in one transaction).
 * Every walk it makes is bounded by {@code maxForkDepth}, so a block costs a bounded number of lookups.
 */
public final class ForkChoice {
    private ForkChoice() {
    }

    /** Where a block whose parent is stored goes. */
    public sealed interface Decision {
        /** It does not carry more work than the tip: stored beside the main chain. */
        record SideBranch(BigInteger cumulativeWork) implements Decision {
        }

        /**
         * It becomes the tip.
         *
         * @param forkHeight   the height of the last block the old and the new main chain share
         * @param disconnected main-chain blocks above the fork point, newest first (none for a plain extension)
         * @param connected    the branch from just above the fork point to the new block, oldest first
         */
        record NewTip(BigInteger cumulativeWork, long forkHeight, List<Hash> disconnected, List<Hash> connected)
                implements Decision {
            public boolean isReorganisation() {
                return !disconnected.isEmpty();
            }
        }
    }

    /**
     * {@link Rule#FORK_TOO_DEEP} when the branch of {@code header} (its parent stored, or not: then only its height is
     * judged, and the missing parent is the validator's to report) leaves the main chain more than
     * {@code maxForkDepth} below the tip.
     */
    public static Optional<Violation> forkTooDeep(BlockIndex index, BlockHeader header, int maxForkDepth) {
        BlockIndex.Entry tip = index.tip();
        if (tip.height() - header.height() >= maxForkDepth) {
            return Optional.of(new Violation(Rule.FORK_TOO_DEEP, "height " + header.height() + " is "
                    + (tip.height() - header.height()) + " blocks below the tip; side branches are kept only within "
                    + maxForkDepth));
        }
        Optional<BlockIndex.Entry> cursor = index.entry(header.previousHash());
        for (int steps = 0; cursor.isPresent() && !cursor.get().onMainChain(); steps++) {
            if (steps >= maxForkDepth || tip.height() - cursor.get().height() >= maxForkDepth) {
                return Optional.of(new Violation(Rule.FORK_TOO_DEEP, "the branch leaves the main chain more than "
                        + maxForkDepth + " blocks below the tip"));
            }
            cursor = index.entry(cursor.get().parent());
        }
        if (cursor.isPresent() && tip.height() - cursor.get().height() > maxForkDepth) {
            return Optional.of(new Violation(Rule.FORK_TOO_DEEP, "the branch leaves the main chain at height "
                    + cursor.get().height() + ", " + (tip.height() - cursor.get().height()) + " blocks below the tip"));
        }
        return Optional.empty();
    }

    /**
     * Where {@code header}, whose parent is stored and which passed {@link #forkTooDeep}, goes.
     *
     * @throws IllegalArgumentException when its parent is not in the tree
     */
    public static Decision choose(BlockIndex index, BlockHeader header) {
        BlockIndex.Entry parent = index.entry(header.previousHash())
                .orElseThrow(() -> new IllegalArgumentException("the parent of " + header.hash() + " is not stored"));
        BigInteger work = ChainWork.cumulative(parent.cumulativeWork(), header.difficulty());
        BlockIndex.Entry tip = index.tip();
        if (!ChainWork.isBetter(work, header.hash(), tip.cumulativeWork(), tip.hash())) {
            return new Decision.SideBranch(work);
        }
        List<Hash> connected = new ArrayList<>(List.of(header.hash()));
        BlockIndex.Entry cursor = parent;
        while (!cursor.onMainChain()) {
            connected.add(cursor.hash());
            cursor = entry(index, cursor.parent());
        }
        Collections.reverse(connected);
        long forkHeight = cursor.height();
        List<Hash> disconnected = new ArrayList<>();
        for (BlockIndex.Entry main = tip; main.height() > forkHeight; main = entry(index, main.parent())) {
            disconnected.add(main.hash());
        }
        return new Decision.NewTip(work, forkHeight, List.copyOf(disconnected), List.copyOf(connected));
    }

    private static BlockIndex.Entry entry(BlockIndex index, Hash hash) {
        return index.entry(hash).orElseThrow(() -> new IllegalStateException("block " + hash
                + " is in the tree but its parent is not"));
    }
}
