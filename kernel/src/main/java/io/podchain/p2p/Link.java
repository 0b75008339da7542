package io.podchain.p2p;

/**
 * One connection to another node as the protocol sees it: frames out, a close, an abort. The node's is a WebSocket
 * ({@link WebSocketLink}); the simulator's is a link of its network model. Nothing of the transport's types reaches
 * the protocol through it, so the same protocol code runs on both.
 */
public interface Link {
    /** WebSocket close code 1000, a normal close (RFC 6455). */
    int NORMAL_CLOSE = 1000;
    /** WebSocket close code 1001: the endpoint is going away (shutdown), not an error of the peer. */
    int GOING_AWAY = 1001;

    /** The close code and reason the connection ended with. */
    record Closed(int code, String reason) {
    }

    /** Unique among the node's connections, for as long as the node runs. */
    String id();

    boolean isOpen();

    /**
     * Queues a binary frame without waiting; frames leave in the order they were queued. {@code taken} runs once the
     * transport is done with the frame (written, or dropped because the connection went away), from any thread.
     */
    void send(byte[] frame, Runnable taken);

    /** Sends a close frame with this code and reason (at most 123 bytes, RFC 6455). */
    void close(int code, String reason);

    /** Closes the socket now, without a close frame: what is queued is dropped and released. */
    void abort();

    /** How the other side closed the connection; null when it closed without a close frame, or is open. */
    Closed closed();
}
