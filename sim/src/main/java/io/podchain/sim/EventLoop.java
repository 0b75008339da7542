package io.podchain.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.PriorityQueue;

/**
 * Virtual time and the one queue of everything that happens: events ordered by (time, sequence number), run one at
 * a time on one thread, so that one seed gives one order of events. The trace hash folds in every delivered event
 * (what, where, when), so two runs agree exactly when their hashes do.
 */
final class EventLoop {
    private record Event(long time, long seq, Runnable task) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(seq, other.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final MessageDigest trace;
    private long now;
    private long seq;
    private long events;

    EventLoop() {
        try {
            trace = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Virtual nanoseconds since the start. */
    long now() {
        return now;
    }

    /** Runs {@code task} at virtual time {@code time} (not before now). */
    void at(long time, Runnable task) {
        queue.add(new Event(Math.max(time, now), seq++, task));
    }

    /** Runs every event due up to {@code until}; virtual time ends there. */
    void runUntil(long until) {
        for (Event next; (next = queue.peek()) != null && next.time() <= until; ) {
            queue.poll();
            now = next.time();
            events++;
            next.task().run();
        }
        now = Math.max(now, until);
    }

    /** Folds an observed event into the trace: its kind, the node, the time and a digest of its bytes. */
    void record(String kind, int node, byte[] bytes) {
        trace.update(kind.getBytes(StandardCharsets.US_ASCII));
        trace.update(ByteBuffer.allocate(12).putInt(node).putLong(now).array());
        trace.update(bytes);
    }

    long eventsRun() {
        return events;
    }

    String traceHash() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) trace.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
