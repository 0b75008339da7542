package io.podchain.p2p;

/** Why a peer or one of its messages was refused, with the misbehaviour points it costs. */
public enum RejectCode {
    /** Not JSON, a missing or mistyped field, bad hex, bytes that do not decode. */
    MALFORMED(50),
    /** A {@code type} this node does not know. */
    UNKNOWN_TYPE(20),
    /**
     * Over {@link P2pLimits#MAX_MESSAGE_CHARS} or a per-message count limit; before the proof, over
     * {@link P2pLimits#MAX_HANDSHAKE_MESSAGE_CHARS}.
     */
    OVERSIZE(50),
    /** A block that breaks a consensus rule: as Bitcoin, an invalid block gets its sender banned. */
    INVALID_BLOCK(100),
    /** A message that breaks a rule; clocks may differ, so this costs little. */
    INVALID_MESSAGE(10),
    /** Headers that do not chain, or answers that do not match the question. */
    BAD_SYNC_DATA(100),
    /** Asked for blocks and did not answer in time. */
    STALLED(25),
    /** Anything but HELLO and AUTH before the proof, or either of them twice. */
    BAD_HANDSHAKE(100),
    /** An AUTH whose signature is not the claimed key's over this connection's transcript: an impersonator. */
    BAD_AUTH(100),
    /** HEADERS or BLOCKS nobody asked for: costs us a decode and possibly signature checks. */
    UNSOLICITED(20),
    /** Claimed more work (HELLO, STATUS) than its headers back. An honest peer's claim is always backed. */
    UNBACKED_CLAIM(50),
    /** No HELLO and AUTH within {@link P2pLimits#HANDSHAKE_TIMEOUT}: slow, not hostile. */
    HANDSHAKE_TIMEOUT(0),
    WRONG_PROTOCOL_VERSION(0),
    WRONG_NETWORK(0),
    WRONG_GENESIS(0),
    /** A connection to ourselves. */
    SELF(0),
    /** A second connection between the same two nodes. */
    DUPLICATE_CONNECTION(0),
    TOO_MANY_PEERS(0),
    /** More than {@link P2pLimits#MAX_INBOUND_PER_IP} inbound connections from one IP address. */
    TOO_MANY_FROM_IP(0),
    /**
     * More than {@link P2pLimits#MAX_INBOX_MESSAGES} or {@link P2pLimits#MAX_INBOX_CHARS} waiting to be handled, or
     * the node's {@link P2pLimits#MAX_NODE_INBOX_CHARS} full: disconnected without penalty, since a healed partition
     * or a busy moment does the same to honest peers; the connection limits bound how often it can come back.
     */
    FLOODING(0),
    /** A PING left unanswered for {@link P2pLimits#PING_TIMEOUT}. */
    PING_TIMEOUT(0),
    /** What was queued for the peer, or for all peers, is over its bound: the peer does not read, or the node is busy. */
    NOT_READING(0),
    BANNED(0);

    private final int misbehaviour;

    RejectCode(int misbehaviour) {
        this.misbehaviour = misbehaviour;
    }

    public int misbehaviour() {
        return misbehaviour;
    }
}
