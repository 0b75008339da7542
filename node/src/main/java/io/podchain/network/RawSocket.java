package io.podchain.network;

import io.netty.channel.Channel;
import io.quarkus.websockets.next.Connection;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.runtime.WebSocketConnectionBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.WebSocketInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.lang.reflect.Method;

/**
 * The one thing WebSockets Next does not offer and the protocol needs: closing a connection's TCP socket at once.
 * Its close sends a close frame and waits for the peer's; queued behind data a peer does not read, that frame never
 * leaves, and the connection holds the queue until a timeout. Netty's {@code Channel.close()} fails the pending
 * writes (releasing their buffers) and closes the socket now; the endpoint's close callback follows as usual.
 * The close starts at the head of the channel's pipeline, below Vert.x's handler, which would make it graceful.
 * <p>
 * An inbound connection's channel is taken from its HTTP connection at the upgrade ({@link P2pAdmission}) and kept
 * in the connection's user data. An outbound one's is reached through the extension's package-private accessor of
 * the Vert.x WebSocket, checked when this class loads, so that a Quarkus upgrade that moves it fails every node test
 * rather than silently leaving non-readers connected.
 */
final class RawSocket {
    private static final UserData.TypedKey<Channel> CHANNEL = new UserData.TypedKey<>("podchain.p2p.channel");
    private static final Method WEB_SOCKET;

    static {
        try {
            WEB_SOCKET = WebSocketConnectionBase.class.getDeclaredMethod("webSocket");
            WEB_SOCKET.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RawSocket() {
    }

    /** At the upgrade of an inbound connection: remembers its channel for {@link #abort}. */
    static void remember(UserData userData, HttpConnection connection) {
        userData.put(CHANNEL, ((ConnectionBase) connection).channel());
    }

    /** Closes the TCP connection now, dropping whatever is still queued to be written; safe from any thread. */
    static void abort(Connection connection) {
        Channel channel = connection.userData().get(CHANNEL);
        if (channel == null) {
            try {
                channel = ((WebSocketInternal) WEB_SOCKET.invoke(connection)).channelHandlerContext().channel();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot reach the socket of " + connection.id(), e);
            }
        }
        // from the first handler's context, not the channel: Vert.x's handler at the pipeline's tail turns a close
        // into its graceful one (a close frame behind the queued data), which is what this must not wait for
        channel.pipeline().firstContext().close();
    }
}
