package io.podchain.network;

import io.podchain.p2p.Link;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.Connection;
import io.quarkus.websockets.next.UserData;
import io.vertx.core.buffer.Buffer;
import org.jboss.logging.Logger;

/** A {@link Link} over a WebSockets Next connection: the node's transport, one per connection. */
final class WebSocketLink implements Link {
    private static final Logger LOG = Logger.getLogger(WebSocketLink.class);
    private static final UserData.TypedKey<WebSocketLink> LINK = new UserData.TypedKey<>("podchain.p2p.link");

    private final Connection connection;

    private WebSocketLink(Connection connection) {
        this.connection = connection;
    }

    /** The connection's link, made at its first event and kept in its user data. */
    static WebSocketLink of(Connection connection) {
        WebSocketLink link = connection.userData().get(LINK);
        if (link == null) {
            link = new WebSocketLink(connection);
            connection.userData().put(LINK, link);
        }
        return link;
    }

    @Override
    public String id() {
        return connection.id();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void send(byte[] frame, Runnable taken) {
        connection.sendBinary(Buffer.buffer(frame)).subscribe().with(ok -> taken.run(), failure -> {
            taken.run();
            LOG.debugf("send on %s failed: %s", connection.id(), failure.getMessage());
        });
    }

    @Override
    public void close(int code, String reason) {
        if (connection.isOpen()) {
            connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
            }, failure -> LOG.debugf("close of %s failed: %s", connection.id(), failure.getMessage()));
        }
    }

    @Override
    public void abort() {
        RawSocket.abort(connection);
    }

    @Override
    public Closed closed() {
        CloseReason reason = connection.closeReason();
        return reason == null ? null : new Closed(reason.getCode(), reason.getMessage());
    }
}
