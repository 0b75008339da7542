package io.podchain.sim;

import io.podchain.p2p.ConnectionEvents;
import io.podchain.p2p.P2pLimits;
import io.podchain.p2p.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The network model: connections between simulated nodes, each frame serialised on its sender's uplink, carried
 * for the pair's latency and serialised again on the receiver's downlink (so a node that sends a block to 30 peers
 * pays its uplink 30 times, as a real one does), delivered in order. A partition holds what crosses it until it
 * heals, as TCP does; a dial across it times out. Dialling follows the node's transport: the upgrade is refused
 * (as the node's upgrade check does) when the target's admission says so.
 */
final class SimNetwork {
    /** Bytes of TCP/IP and WebSocket framing around each frame. */
    private static final int FRAME_OVERHEAD = 60;
    /** TCP's minimum retransmission timeout in nanoseconds (RFC 6298 allows 1 s; Linux uses 200 ms). */
    static final long RETRANSMIT_TIMEOUT = 200_000_000L;

    private final EventLoop loop;
    private final Topology topology;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<String, Integer> byAddress = new HashMap<>();
    private final long[] uplinkFree;
    private final long[] downlinkFree;
    /** Partition side of each node while a partition lasts, and when it heals. */
    private int[] side;
    private long healsAt;
    /** While a stretch of loss lasts: the share of frames that need a retransmission, and when it ends. */
    private double loss;
    private long lossEnds;
    /** Drawn only while loss lasts, so that a run without faults draws nothing. */
    private final java.util.Random lossRandom;
    private long links;
    long framesDelivered;
    long bytesDelivered;

    SimNetwork(EventLoop loop, Topology topology, long seed) {
        this.loop = loop;
        this.topology = topology;
        this.uplinkFree = new long[topology.size()];
        this.downlinkFree = new long[topology.size()];
        this.lossRandom = new java.util.Random(seed * 1_000_003L + 11);
    }

    void add(SimNode node) {
        nodes.add(node);
        byAddress.put(node.address(), node.index());
    }

    EventLoop loop() {
        return loop;
    }

    /** Splits the nodes in two sides ({@code sides[i]}) until {@code heal}. */
    void partition(int[] sides, long heal) {
        side = sides;
        healsAt = heal;
        loop.at(heal, () -> {
            if (healsAt == heal) {
                side = null;
            }
        });
    }

    boolean partitioned() {
        return side != null;
    }

    /**
     * Until {@code ends}, a share {@code probability} of frames is lost once or more on the way and retransmitted
     * (TCP's retransmission timeout, {@link #RETRANSMIT_TIMEOUT}, doubling on each loss): late, but in order.
     */
    void loss(double probability, long ends) {
        loss = probability;
        lossEnds = ends;
    }

    private long retransmissionDelay() {
        if (loss == 0 || loop.now() >= lossEnds) {
            return 0;
        }
        long delay = 0;
        for (long timeout = RETRANSMIT_TIMEOUT; lossRandom.nextDouble() < loss; timeout *= 2) {
            delay += timeout;
        }
        return delay;
    }

    /** A middlebox resets one of {@code node}'s connections (both ends see it closed, nothing more is carried). */
    void reset(SimNode node, java.util.Random random) {
        if (node.links().isEmpty()) {
            return;
        }
        node.links().get(random.nextInt(node.links().size())).abort();
    }

    private boolean apart(int a, int b) {
        return side != null && side[a] != side[b];
    }

    Transport transportOf(int from) {
        return (address, events, result) -> dial(from, address, events, result);
    }

    private void dial(int from, String address, ConnectionEvents events, Transport.Dialled result) {
        SimNode dialler = nodes.get(from);
        Integer to = byAddress.get(address);
        if (to == null) {
            dialler.scheduler().at(loop.now() + P2pLimits.DIAL_CONNECT_TIMEOUT.toNanos(),
                    () -> result.failed("no such host"));
            return;
        }
        long latency = topology.latencyNanos(from, to);
        if (apart(from, to)) {
            dialler.scheduler().at(loop.now() + P2pLimits.DIAL_CONNECT_TIMEOUT.toNanos(),
                    () -> result.failed("connect timed out"));
            return;
        }
        SimNode target = nodes.get(to);
        if (!target.isUp()) {
            dialler.scheduler().at(loop.now() + 2 * latency, () -> result.failed("connection refused"));
            return;
        }
        // the TCP handshake and the HTTP upgrade: the target's admission decides, on the target
        target.scheduler().at(loop.now() + 2 * latency, () -> {
            if (!target.isUp()) {
                dialler.scheduler().at(loop.now() + latency, () -> result.failed("connection reset"));
                return;
            }
            var refusal = target.network().admission().refusal(dialler.ip());
            if (refusal.isPresent()) {
                dialler.scheduler().at(loop.now() + latency,
                        () -> result.failed("upgrade refused: " + refusal.get().status()));
                return;
            }
            long id = links++;
            SimLink ours = new SimLink(this, from, "n" + from + "-out-" + id, events);
            SimLink theirs = new SimLink(this, to, "n" + to + "-in-" + id, target.network().connections());
            ours.pair(theirs);
            theirs.pair(ours);
            dialler.links().add(ours);
            target.links().add(theirs);
            target.network().connections().accepted(theirs, dialler.ip() + ":" + (40_000 + id % 20_000));
            dialler.scheduler().at(loop.now() + latency, () -> {
                if (ours.isOpen()) {
                    events.opened(ours, address);
                    result.opened();
                } else {
                    result.failed("closed before it opened");
                }
            });
        });
    }

    /**
     * Carries a frame (or a close, {@code frame == null}) from {@code link}'s node to its pair: uplink, latency,
     * downlink; {@code taken} runs once it left the sender.
     */
    void carry(SimLink link, byte[] frame, Runnable taken, Runnable atArrival) {
        int from = link.node();
        int to = link.pairNode();
        long bytes = (frame == null ? 0 : frame.length) + FRAME_OVERHEAD;
        long departs = Math.max(loop.now(), uplinkFree[from]) + transmitNanos(bytes, topology.uploadBitsPerSecond(from));
        uplinkFree[from] = departs;
        if (taken != null) {
            loop.at(departs, taken);
        }
        long arrives = departs + topology.latencyNanos(from, to) + retransmissionDelay();
        if (apart(from, to)) {
            arrives = Math.max(arrives, healsAt + topology.latencyNanos(from, to));
        }
        // one TCP stream: nothing overtakes what was sent before it
        arrives = link.inOrder(arrives);
        loop.at(arrives, () -> {
            long received = Math.max(loop.now(), downlinkFree[to])
                    + transmitNanos(bytes, topology.downloadBitsPerSecond(to));
            downlinkFree[to] = received;
            nodes.get(to).scheduler().at(received, () -> {
                framesDelivered++;
                bytesDelivered += bytes;
                atArrival.run();
            });
        });
    }

    /** After the pair's latency, on the pair's node (an abort's reset, a close's echo). */
    void later(SimLink link, int onNode, Runnable task) {
        nodes.get(onNode).scheduler().at(loop.now() + topology.latencyNanos(link.node(), link.pairNode()), task);
    }

    void now(int onNode, Runnable task) {
        nodes.get(onNode).scheduler().execute(task);
    }

    private static long transmitNanos(long bytes, long bitsPerSecond) {
        return bytes * 8 * 1_000_000_000L / bitsPerSecond;
    }

    SimNode node(int index) {
        return nodes.get(index);
    }

    Integer indexOf(String address) {
        return byAddress.get(address);
    }

    /** The node's process died: its connections are gone without a word, and the other ends see a reset. */
    void crashed(SimNode node) {
        for (SimLink link : node.links()) {
            link.vanish();
        }
        node.links().clear();
    }
}
