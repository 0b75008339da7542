package io.podchain.p2p;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A link without a network, for unit tests of what a peer sends and how it is closed: the frames sent are kept, a
 * close and an abort are recorded, and sends can be left untaken, as by a peer that does not read.
 */
final class FakeConnection implements Link {
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();
    private final String id = "fake-" + CONNECTIONS.incrementAndGet();
    final List<byte[]> frames = new CopyOnWriteArrayList<>();
    private volatile Closed closed;
    /** True once the socket was closed without a close frame. */
    volatile boolean aborted;
    /** When true, sends are never taken: what was sent stays counted against the peer, as when it does not read. */
    volatile boolean stalled;

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return closed == null && !aborted;
    }

    @Override
    public void send(byte[] frame, Runnable taken) {
        frames.add(frame);
        if (!stalled) {
            taken.run();
        }
    }

    @Override
    public void close(int code, String reason) {
        closed = new Closed(code, reason);
    }

    @Override
    public void abort() {
        aborted = true;
    }

    @Override
    public Closed closed() {
        return closed;
    }
}
