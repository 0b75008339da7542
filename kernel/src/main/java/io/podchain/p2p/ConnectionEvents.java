package io.podchain.p2p;

/**
 * What happens to a connection, as the transport reports it (Bitcoin Core's {@code NetEventsInterface}): the
 * dialler's client connections and the server endpoint report here, and know nothing of what handles it.
 */
public interface ConnectionEvents {
    /** An outbound connection opened to {@code address} (on the event loop). */
    void opened(Link link, String address);

    /** An inbound connection from {@code remoteAddress} got past admission (on the event loop). */
    void accepted(Link link, String remoteAddress);

    /** A binary frame arrived (on the event loop, in order). */
    void received(Link link, byte[] frame);

    /** A text frame arrived: not spoken since protocol version 4. */
    void receivedText(Link link, String text);

    /** The connection closed, either side, with or without a close frame ({@link Link#closed}). */
    void closed(Link link);

    /** The connection failed (reset by a peer that vanished): its close follows. */
    void failed(Link link, Throwable failure);
}
