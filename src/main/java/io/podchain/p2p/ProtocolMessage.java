package io.podchain.p2p;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * The messages of the peer protocol, as JSON objects with a {@code type}. Blocks, headers and messages travel as
 * the hex of their canonical bytes, so what a peer receives is exactly what was hashed and signed.
 * See {@code docs/protocol.md}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ProtocolMessage.Hello.class, name = "HELLO"),
    @JsonSubTypes.Type(value = ProtocolMessage.Auth.class, name = "AUTH"),
    @JsonSubTypes.Type(value = ProtocolMessage.Ping.class, name = "PING"),
    @JsonSubTypes.Type(value = ProtocolMessage.Pong.class, name = "PONG"),
    @JsonSubTypes.Type(value = ProtocolMessage.BlockAnnouncement.class, name = "BLOCK"),
    @JsonSubTypes.Type(value = ProtocolMessage.GetHeaders.class, name = "GET_HEADERS"),
    @JsonSubTypes.Type(value = ProtocolMessage.Headers.class, name = "HEADERS"),
    @JsonSubTypes.Type(value = ProtocolMessage.GetBlocks.class, name = "GET_BLOCKS"),
    @JsonSubTypes.Type(value = ProtocolMessage.Blocks.class, name = "BLOCKS"),
    @JsonSubTypes.Type(value = ProtocolMessage.Inventory.class, name = "INV"),
    @JsonSubTypes.Type(value = ProtocolMessage.GetMessages.class, name = "GET_MESSAGES"),
    @JsonSubTypes.Type(value = ProtocolMessage.Messages.class, name = "MESSAGES"),
    @JsonSubTypes.Type(value = ProtocolMessage.Status.class, name = "STATUS"),
    @JsonSubTypes.Type(value = ProtocolMessage.Reject.class, name = "REJECT")
})
public sealed interface ProtocolMessage {

    /**
     * First message on every connection, both ways, sent as soon as the connection opens. {@code challenge} is 32
     * fresh random bytes (hex) that the other side must sign in its {@link Auth}; {@code nodeKey} is only a claim
     * until that proof arrives, and height, tip and work remain claims (hints to ask for headers) for good.
     */
    record Hello(int protocolVersion, String networkId, String genesisHash, String nodeKey,
            String advertisedAddress, String challenge, long height, String tipHash, String cumulativeWork)
            implements ProtocolMessage {
    }

    /**
     * The proof of the node key claimed in HELLO: a signature by that key over {@link HandshakeProof#digest}, which
     * binds both challenges, both keys, the network and this side's role to this connection.
     */
    record Auth(String signature) implements ProtocolMessage {
    }

    record Ping(long nonce) implements ProtocolMessage {
    }

    record Pong(long nonce) implements ProtocolMessage {
    }

    /** A new block (mined here or relayed), canonical bytes in hex. */
    record BlockAnnouncement(String block) implements ProtocolMessage {
    }

    /** Headers after the first locator hash on the answering node's main chain, up to {@code stopHash}. */
    record GetHeaders(List<String> locator, String stopHash) implements ProtocolMessage {
    }

    /** Canonical header bytes in hex, oldest first, at most {@link P2pLimits#MAX_HEADERS_PER_MESSAGE}. */
    record Headers(List<String> headers) implements ProtocolMessage {
    }

    record GetBlocks(List<String> hashes) implements ProtocolMessage {
    }

    /** Canonical block bytes in hex, in the order asked; blocks the node does not have are left out. */
    record Blocks(List<String> blocks) implements ProtocolMessage {
    }

    /**
     * Ids of pending messages the sender has newly admitted (Bitcoin's inv): the receiver asks for those it lacks.
     * At most {@link P2pLimits#MAX_INV_ENTRIES}.
     */
    record Inventory(List<String> messages) implements ProtocolMessage {
    }

    /** Asks for messages announced in an INV, at most {@link P2pLimits#MAX_MESSAGES_PER_REQUEST} (Bitcoin's getdata). */
    record GetMessages(List<String> ids) implements ProtocolMessage {
    }

    /** The answer to one GET_MESSAGES: canonical bytes in hex, those the sender still has, in the order asked. */
    record Messages(List<String> messages) implements ProtocolMessage {
    }

    /** Periodic: the sender's tip and its measured round-trip times to its peers (node key to milliseconds). */
    record Status(long height, String tipHash, String cumulativeWork, Map<String, Double> latencies)
            implements ProtocolMessage {
    }

    /** Why the sender refused something; {@code code} is a {@link RejectCode}. */
    record Reject(String code, String reason) implements ProtocolMessage {
    }
}
