package io.podchain.p2p;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One block a peer announced, from its arrival to its relay and its store, for JDK Flight Recorder (off unless a
 * recording runs): a propagation hop taken apart ({@code src/bench/hop-breakdown.py} reads it, with the writer's
 * {@code podchain.BlockApply} of the same block).
 */
@Name("podchain.BlockHop")
@Label("Block hop")
@Category({"podchain", "p2p"})
@Description("A block from a peer: waiting in the peer's inbox, decoded, checked, relayed, stored")
@StackTrace(false)
final class BlockHopEvent extends Event {
    @Label("Block")
    String block;

    @Label("Height")
    long height;

    @Label("Queued")
    @Description("From the frame's arrival on the event loop to its turn on a worker")
    @Timespan
    long queued;

    @Label("Decode")
    @Timespan
    long decode;

    @Label("Checks before the relay")
    @Description("The block's own checks (signatures, Merkle root, proof of work) and its header against the tip")
    @Timespan
    long checks;

    @Label("Until relayed")
    @Description("From the frame's arrival until the relay was handed to the connections; 0 when not relayed early")
    @Timespan
    long untilRelayed;

    @Label("Relay")
    @Description("Encoding, sealing and queueing the announcement for every peer")
    @Timespan
    long relay;

    @Label("Store")
    @Description("The chain's writer, end to end (see podchain.BlockApply)")
    @Timespan
    long store;

    @Label("Outcome")
    String outcome;
}
