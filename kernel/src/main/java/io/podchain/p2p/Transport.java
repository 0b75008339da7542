package io.podchain.p2p;

/**
 * How the dialler opens a connection: the node's WebSocket client ({@code network.WebSocketTransport}, from the
 * pod's own address, with {@link P2pLimits#DIAL_CONNECT_TIMEOUT}), or the simulator's network.
 */
public interface Transport {
    /** What became of a dial. */
    interface Dialled {
        /** The connection is open; its life goes on in the {@link ConnectionEvents} given to the dial. */
        void opened();

        /** No connection: refused, unreachable, timed out. */
        void failed(String why);
    }

    /** Dials {@code address} (host:port); reports the connection's events to {@code events}. Does not wait. */
    void dial(String address, ConnectionEvents events, Dialled result);
}
