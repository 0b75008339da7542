package io.podchain.ledger;

import io.podchain.chain.Block;
import io.podchain.chain.Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Published after a transaction that moved the tip has committed.
 *
 * @param connected    blocks that joined the main chain, oldest first
 * @param disconnected blocks that left it (a reorganisation), newest first
 * @param tipBlock     the new tip block itself, so relaying it needs no read back from the database
 * @param page         the move applied a page of consecutive blocks (sync): its blocks are not announced one by one
 */
public record ChainTipChanged(Hash previousTip, Hash tip, long height, BigInteger cumulativeWork,
        List<Hash> connected, List<Hash> disconnected, Block tipBlock, boolean page) {

    /** A move made by one block. */
    public ChainTipChanged(Hash previousTip, Hash tip, long height, BigInteger cumulativeWork, List<Hash> connected,
            List<Hash> disconnected, Block tipBlock) {
        this(previousTip, tip, height, cumulativeWork, connected, disconnected, tipBlock, false);
    }

    /** The same move, made by a page of blocks. */
    public ChainTipChanged asPage() {
        return new ChainTipChanged(previousTip, tip, height, cumulativeWork, connected, disconnected, tipBlock, true);
    }

    /** Successive moves (within one transaction), as the one move they add up to. */
    public static ChainTipChanged combine(List<ChainTipChanged> changes) {
        if (changes.size() == 1) {
            return changes.get(0);
        }
        ChainTipChanged last = changes.get(changes.size() - 1);
        List<Hash> connected = new ArrayList<>();
        List<Hash> disconnected = new ArrayList<>();
        for (ChainTipChanged change : changes) {
            disconnected.addAll(change.disconnected());
            connected.removeAll(change.disconnected());
            connected.addAll(change.connected());
        }
        return new ChainTipChanged(changes.get(0).previousTip(), last.tip(), last.height(), last.cumulativeWork(),
                connected, disconnected, last.tipBlock());
    }

    public boolean isReorganisation() {
        return !disconnected.isEmpty();
    }
}
