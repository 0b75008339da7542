package io.podchain.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A block tree in memory that follows {@link ForkChoice}: the headers' tree, the main chain by height, the tip. The
 * simulator's nodes keep their chain in one (what the node keeps in its block table), so both choose forks with the
 * same code. Not thread-safe: its owner serialises the calls, as the node's chain lock does.
 */
public final class BlockTree implements BlockIndex {
    private final Map<Hash, Entry> entries = new HashMap<>();
    private final List<Hash> main = new ArrayList<>();
    private final int maxForkDepth;

    /** What adding a block did. */
    public sealed interface Added {
        /** It was stored already, or its parent is not; nothing changed. */
        record Unchanged(String why) implements Added {
        }

        /** Refused by finality. */
        record Refused(Violation violation) implements Added {
        }

        /** Stored; {@code decision} says where. */
        record Stored(ForkChoice.Decision decision) implements Added {
        }
    }

    public BlockTree(BlockHeader genesis, int maxForkDepth) {
        this.maxForkDepth = maxForkDepth;
        Entry root = new Entry(genesis.hash(), genesis.previousHash(), genesis.height(),
                ProofOfWork.work(genesis.difficulty()), true);
        entries.put(root.hash(), root);
        main.add(root.hash());
    }

    @Override
    public Optional<Entry> entry(Hash hash) {
        return Optional.ofNullable(entries.get(hash));
    }

    @Override
    public Entry tip() {
        return entries.get(main.get(main.size() - 1));
    }

    public boolean contains(Hash hash) {
        return entries.containsKey(hash);
    }

    /** The main chain's block at {@code height}, if the chain is that long. */
    public Optional<Hash> mainAt(long height) {
        return height >= 0 && height < main.size() ? Optional.of(main.get((int) height)) : Optional.empty();
    }

    public int size() {
        return entries.size();
    }

    /** Adds a block whose other rules were checked: fork choice places it, and the main chain moves if it says so. */
    public Added add(BlockHeader header) {
        if (entries.containsKey(header.hash())) {
            return new Added.Unchanged("already stored");
        }
        if (!entries.containsKey(header.previousHash())) {
            return new Added.Unchanged("its parent is not stored");
        }
        Optional<Violation> tooDeep = ForkChoice.forkTooDeep(this, header, maxForkDepth);
        if (tooDeep.isPresent()) {
            return new Added.Refused(tooDeep.get());
        }
        ForkChoice.Decision decision = ForkChoice.choose(this, header);
        BigInteger work = decision instanceof ForkChoice.Decision.NewTip tip ? tip.cumulativeWork()
                : ((ForkChoice.Decision.SideBranch) decision).cumulativeWork();
        entries.put(header.hash(), new Entry(header.hash(), header.previousHash(), header.height(), work, false));
        if (decision instanceof ForkChoice.Decision.NewTip tip) {
            for (Hash leaving : tip.disconnected()) {
                entries.computeIfPresent(leaving, (hash, e) -> onMain(e, false));
            }
            while (main.size() > tip.forkHeight() + 1) {
                main.remove(main.size() - 1);
            }
            for (Hash joining : tip.connected()) {
                entries.computeIfPresent(joining, (hash, e) -> onMain(e, true));
                main.add(joining);
            }
        }
        return new Added.Stored(decision);
    }

    private static Entry onMain(Entry entry, boolean onMainChain) {
        return new Entry(entry.hash(), entry.parent(), entry.height(), entry.cumulativeWork(), onMainChain);
    }
}
