package io.podchain.sync;

import io.podchain.p2p.P2pLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitcoin's block locator: the heights of the tip and the 9 blocks below it, then steps that double, always ending
 * with genesis. A peer finds the last block we share in at most {@link P2pLimits#MAX_LOCATOR_ENTRIES} lookups,
 * however long the chains are and however deep they fork.
 */
public final class Locator {
    private static final int SINGLE_STEPS = 10;

    private Locator() {
    }

    public static List<Long> heights(long tipHeight) {
        List<Long> heights = new ArrayList<>();
        long step = 1;
        for (long height = tipHeight; height > 0 && heights.size() < P2pLimits.MAX_LOCATOR_ENTRIES - 1;
                height -= step) {
            heights.add(height);
            if (heights.size() >= SINGLE_STEPS) {
                step *= 2;
            }
        }
        heights.add(0L);
        return heights;
    }
}
