package io.podchain.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Node policy about the chain it keeps (not consensus: nodes may differ here). */
@ConfigMapping(prefix = "podchain.chain")
public interface ChainConfig {
    /**
     * Blocks of a side branch are stored only while the branch leaves the main chain at most this many blocks below
     * the tip, unless checked headers show the branch to carry more work (a sync to a heavier chain). 100 blocks are
     * about 17 minutes at the 10 s target: longer than any race or short partition, while a branch forked from far
     * below, whose difficulty an attacker can let fall to the floor, is refused instead of filling the disk.
     */
    @WithDefault("100")
    int maxForkDepth();
}
