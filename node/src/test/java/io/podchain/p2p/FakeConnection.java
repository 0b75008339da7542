package io.podchain.p2p;

import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.Connection;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSession;

/**
 * A WebSocket connection without a network, for unit tests of what a peer sends and how it is closed: the frames
 * sent are kept, a close is recorded, the socket is Netty's {@link EmbeddedChannel} (what {@link RawSocket} aborts),
 * and sends can be left unacknowledged, as to a peer that does not read.
 */
final class FakeConnection implements Connection {
    private static final java.util.concurrent.atomic.AtomicInteger CONNECTIONS = new java.util.concurrent.atomic.AtomicInteger();
    private final String id = "fake-" + CONNECTIONS.incrementAndGet();
    final List<Buffer> frames = new CopyOnWriteArrayList<>();
    final EmbeddedChannel socket = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final Map<UserData.TypedKey<?>, Object> data = new ConcurrentHashMap<>();
    private volatile CloseReason closeReason;
    /** When true, sends never complete: what was sent stays counted against the peer, as when it does not read. */
    volatile boolean stalled;

    FakeConnection() {
        data.put(new UserData.TypedKey<>("podchain.p2p.channel"), socket);
    }

    @Override
    public Uni<Void> sendBinary(Buffer message) {
        frames.add(message);
        return stalled ? Uni.createFrom().nothing() : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> sendText(String message) {
        throw new UnsupportedOperationException("peers speak binary frames");
    }

    @Override
    public <M> Uni<Void> sendText(M message) {
        throw new UnsupportedOperationException("peers speak binary frames");
    }

    @Override
    public Uni<Void> sendPing(Buffer data) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> sendPong(Buffer data) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String pathParam(String name) {
        return null;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public SSLSession sslSession() {
        return null;
    }

    @Override
    public boolean isClosed() {
        return closeReason != null || !socket.isOpen();
    }

    @Override
    public CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public Uni<Void> close(CloseReason reason) {
        closeReason = reason;
        return Uni.createFrom().voidItem();
    }

    @Override
    public HandshakeRequest handshakeRequest() {
        return null;
    }

    @Override
    public String subprotocol() {
        return null;
    }

    @Override
    public Instant creationTime() {
        return Instant.EPOCH;
    }

    @Override
    public UserData userData() {
        return new UserData() {
            @Override
            @SuppressWarnings("unchecked")
            public <V> V get(TypedKey<V> key) {
                return (V) data.get(key);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <V> V put(TypedKey<V> key, V value) {
                return (V) data.put(key, value);
            }

            @Override
            @SuppressWarnings("unchecked")
            public <V> V remove(TypedKey<V> key) {
                return (V) data.remove(key);
            }

            @Override
            public int size() {
                return data.size();
            }

            @Override
            public void clear() {
                data.clear();
            }
        };
    }
}
