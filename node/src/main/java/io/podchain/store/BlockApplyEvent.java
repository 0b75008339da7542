package io.podchain.store;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One block's way through the chain's single writer, for JDK Flight Recorder (off unless a recording runs): where
 * a propagation hop's time goes once the block is checked ({@code src/bench/hop-breakdown.py} reads it).
 */
@Name("podchain.BlockApply")
@Label("Block applied")
@Category({"podchain", "chain"})
@Description("The wait for the chain lock, the checks against the stored chain, the writes and the commit")
@StackTrace(false)
final class BlockApplyEvent extends Event {
    @Label("Block")
    String block;

    @Label("Height")
    long height;

    @Label("Chain lock wait")
    @Timespan
    long lockWait;

    @Label("Checks against the stored chain")
    @Timespan
    long storedChainChecks;

    @Label("Writes")
    @Timespan
    long writes;

    @Label("Commit")
    @Timespan
    long commit;

    @Label("Outcome")
    String outcome;
}
