package io.podchain.sim;

import io.podchain.p2p.ConnectionEvents;
import io.podchain.p2p.Link;

/**
 * One end of a simulated connection, as {@link Link} promises: frames in order through the {@link SimNetwork},
 * a close frame behind the queued frames and its echo, an abort that drops what is queued and resets the other end.
 */
final class SimLink implements Link {
    private final SimNetwork network;
    private final int node;
    private final String id;
    private final ConnectionEvents events;
    private SimLink pair;
    private boolean open = true;
    private boolean reported;
    private Closed closed;
    /** When the last frame sent on this end arrives at the other: later frames arrive no earlier. */
    private long lastArrival;

    SimLink(SimNetwork network, int node, String id, ConnectionEvents events) {
        this.network = network;
        this.node = node;
        this.id = id;
        this.events = events;
    }

    void pair(SimLink other) {
        pair = other;
    }

    long inOrder(long arrives) {
        lastArrival = Math.max(lastArrival, arrives);
        return lastArrival;
    }

    int node() {
        return node;
    }

    int pairNode() {
        return pair.node;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void send(byte[] frame, Runnable taken) {
        if (!open) {
            taken.run();
            return;
        }
        network.carry(this, frame, taken, () -> {
            if (pair.open) {
                network.loop().record("frame", pair.node, frame);
                pair.events.received(pair, frame);
            }
        });
    }

    @Override
    public void close(int code, String reason) {
        if (!open) {
            return;
        }
        open = false;
        network.carry(this, null, null, () -> {
            if (pair.open) {
                pair.open = false;
                pair.closed = new Closed(code, reason);
                pair.report();
            }
            // the other side's close frame answers ours
            network.later(pair, node, this::report);
        });
    }

    @Override
    public void abort() {
        if (reported) {
            return;
        }
        open = false;
        network.now(node, this::report);
        network.later(this, pair.node, () -> {
            if (pair.open) {
                pair.open = false;
                pair.report();
            }
        });
    }

    /** Its node crashed: this end is gone without telling its (dead) node; the other end sees a reset. */
    void vanish() {
        open = false;
        reported = true;
        network.later(this, pair.node, () -> {
            if (pair.open) {
                pair.open = false;
                pair.report();
            }
        });
    }

    private void report() {
        if (!reported) {
            reported = true;
            network.node(node).links().remove(this);
            events.closed(this);
        }
    }

    @Override
    public Closed closed() {
        return closed;
    }
}
