package io.podchain.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Node policy about the chain it keeps (not consensus: nodes may differ here). */
@ConfigMapping(prefix = "podchain.chain")
public interface ChainConfig {
    /**
     * The finality depth: blocks of a side branch are stored only while the branch leaves the main chain at most this
     * many blocks below the tip, whatever work it carries. 100 blocks are about 3 minutes at the 2 s target: longer
     * than any race or short partition (and a node with too few peers does not mine, so a long partition does not
     * build rival history), while a branch forked from far below, whose difficulty an attacker can let fall to the
     * floor, is refused instead of rewriting what was confirmed or filling the disk.
     */
    @WithDefault("100")
    int maxForkDepth();

    /**
     * Side-branch blocks kept above the final height, in all. Each costs a proof of work at the network's difficulty,
     * but a member with hash power could otherwise store branch after branch; honest races leave a few. Beyond it a
     * block that would not become the tip is refused ({@code SIDE_BRANCHES_FULL}, no penalty) until the main chain
     * moves on and {@link SideBranchPruner} drops side blocks that became final.
     */
    @WithDefault("1000")
    int maxSideBranchBlocks();
}
