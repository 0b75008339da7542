package io.podchain.p2p;

import io.quarkus.websockets.next.Connection;
import io.vertx.core.buffer.Buffer;

/**
 * What happens to a connection, as the transport reports it (Bitcoin Core's {@code NetEventsInterface}): the
 * dialler's client connections and the server endpoint report here, and know nothing of what handles it.
 */
interface ConnectionEvents {
    /** An outbound connection opened to {@code address} (on the event loop). */
    void opened(Connection connection, String address);

    /** An inbound connection from {@code remoteAddress} got past admission (on the event loop). */
    void accepted(Connection connection, String remoteAddress);

    /** A binary frame arrived (on the event loop, in order). */
    void received(Connection connection, Buffer frame);

    /** A text frame arrived: not spoken since protocol version 4. */
    void receivedText(Connection connection, String text);

    void closed(Connection connection);

    /** The connection failed (reset by a peer that vanished): its close follows. */
    void failed(Connection connection, Throwable failure);
}
