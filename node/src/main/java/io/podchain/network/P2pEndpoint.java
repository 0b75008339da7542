package io.podchain.network;

import io.podchain.p2p.ConnectionEvents;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;

/** Inbound peers: the server side of {@code /p2p}. Everything is reported as {@link ConnectionEvents}. */
@WebSocket(path = "/p2p")
public class P2pEndpoint {
    private final ConnectionEvents peers;

    P2pEndpoint(ConnectionEvents peers) {
        this.peers = peers;
    }

    @OnOpen
    @NonBlocking
    void open(WebSocketConnection connection) {
        peers.accepted(WebSocketLink.of(connection), connection.handshakeRequest().remoteAddress());
    }

    /** On the event loop; what handles it moves the work to a worker thread, in order. */
    @OnBinaryMessage
    @NonBlocking
    void frame(WebSocketConnection connection, Buffer frame) {
        peers.received(WebSocketLink.of(connection), frame.getBytes());
    }

    /** Not spoken since protocol version 4: refused (an older node is told the versions). */
    @OnTextMessage
    @NonBlocking
    void text(WebSocketConnection connection, String text) {
        peers.receivedText(WebSocketLink.of(connection), text);
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection) {
        peers.closed(WebSocketLink.of(connection));
    }

    /**
     * A peer that vanished (killed, network gone) resets its socket: an event of the network, not an error of this
     * node, so it is logged at debug level and the close that follows does the rest.
     */
    @OnError
    @NonBlocking
    void error(WebSocketConnection connection, Throwable failure) {
        peers.failed(WebSocketLink.of(connection), failure);
    }
}
