package io.podchain.sim;

import io.podchain.chain.ConsensusLimits;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * {@code --faults chaos}: a fault schedule drawn from the run's seed. While the faults last, one fault starts every
 * {@link #MEAN_GAP} on average: a partition in two sides that heals, a crash and a restart on the same database, a
 * pause (a stopped process), a stretch of loss (TCP retransmissions: frames late, in order), a connection reset.
 * Some clocks are skewed for the whole run. Every fault has ended when the faults stop, so that the invariants
 * judge what the network does afterwards.
 */
final class Chaos {
    /** One fault begins this often on average: several overlap at a time in a cluster of tens of nodes. */
    static final Duration MEAN_GAP = Duration.ofSeconds(3);
    /** The longest fault: longer than the ping timeout, so that peers give up on a paused or cut-off node. */
    static final Duration MAX_FAULT = Duration.ofSeconds(25);
    /**
     * The largest skew of a clock: two skewed clocks differ by less than {@link ConsensusLimits#MAX_FUTURE_DRIFT}
     * and a network delay, so an honest node's block is never "from the future" for another (pods run NTP; a
     * clock past the drift bound is a different fault, tested in the node's tests).
     */
    static final Duration MAX_SKEW = Duration.ofSeconds(7);
    /** At most this share of the nodes is down (crashed) at once: the rest keeps the network going. */
    static final double MAX_DOWN_SHARE = 0.25;

    private final EventLoop loop;
    private final SimNetwork network;
    private final List<SimNode> nodes;
    private final Random random;
    private final long ends;
    private int down;
    private long faults;

    Chaos(EventLoop loop, SimNetwork network, List<SimNode> nodes, long seed, long ends) {
        this.loop = loop;
        this.network = network;
        this.nodes = nodes;
        // a source of its own: the same faults whatever the workload draws
        this.random = new Random(seed * 31 + 7);
        this.ends = ends;
    }

    /** Skews a quarter of the clocks, then schedules faults from {@code from} until the faults stop. */
    void schedule(long from) {
        for (SimNode node : nodes) {
            if (random.nextInt(4) == 0) {
                node.clock().skew(random.nextLong(-MAX_SKEW.toMillis(), MAX_SKEW.toMillis() + 1));
            }
        }
        next(from + gap());
    }

    long faults() {
        return faults;
    }

    private long gap() {
        return (long) (-Math.log(1 - random.nextDouble()) * MEAN_GAP.toNanos());
    }

    /** A fault's end: within {@link #MAX_FAULT}, and never after the faults stop. */
    private long until() {
        return Math.min(ends, loop.now() + 1_000_000_000L + random.nextLong(MAX_FAULT.toNanos()));
    }

    private void next(long at) {
        if (at >= ends) {
            return;
        }
        loop.at(at, () -> {
            fault();
            next(loop.now() + gap());
        });
    }

    private void fault() {
        SimNode node = nodes.get(random.nextInt(nodes.size()));
        int kind = random.nextInt(5);
        faults++;
        loop.record("fault", node.index(), new byte[] {(byte) kind});
        switch (kind) {
            case 0 -> partition();
            case 1 -> crash(node);
            case 2 -> pause(node);
            case 3 -> network.loss(0.01 + random.nextDouble() * 0.2, until());
            default -> network.reset(node, random);
        }
    }

    private void partition() {
        if (network.partitioned()) {
            return;
        }
        int[] sides = new int[nodes.size()];
        int cut = 1 + random.nextInt(Math.max(1, nodes.size() / 2));
        for (int i = 0; i < cut; i++) {
            sides[random.nextInt(nodes.size())] = 1;
        }
        network.partition(sides, until());
    }

    private void crash(SimNode node) {
        if (!node.isUp() || down + 1 > nodes.size() * MAX_DOWN_SHARE) {
            return;
        }
        down++;
        node.crash();
        loop.at(until(), () -> {
            down--;
            node.start();
        });
    }

    private void pause(SimNode node) {
        if (!node.isUp() || node.scheduler().isPaused()) {
            return;
        }
        node.scheduler().pause();
        long resume = until();
        loop.at(resume, () -> {
            if (node.isUp()) {
                node.scheduler().resume();
            }
        });
    }
}
