package io.podchain.p2p;

import static io.podchain.p2p.WireBounds.HEX_32;
import static io.podchain.p2p.WireBounds.NODE_KEY;
import static io.podchain.p2p.WireBounds.require;
import static io.podchain.p2p.WireBounds.requireAtMost;
import static io.podchain.p2p.WireBounds.requireIds;
import static io.podchain.p2p.WireBounds.requireMatches;
import static io.podchain.p2p.WireBounds.requireWork;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * The messages of the peer protocol, as JSON objects with a {@code type}. Blocks, headers and messages travel as
 * the hex of their canonical bytes, so what a peer receives is exactly what was hashed and signed. Each message
 * checks its own bounds ({@link #checkBounds}) and says whether it is a request with a counted answer; which code
 * handles it is {@link MessageHandlers}'. See {@code docs/protocol.md}.
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
     * Refuses a message whose numbers, strings or collections exceed what the protocol allows: checked as it is
     * decoded, before anything parses or stores what it carries.
     */
    default void checkBounds() throws DecodeException {
        // nothing beyond its types
    }

    /**
     * The answer this request is counted against ({@link PeerRequests#takeAnswer}): an answer of that type is taken
     * only when one was asked for. Null for a message that is not such a request (GET_MESSAGES keeps its own books:
     * {@link MessageInventory}).
     */
    default Class<? extends ProtocolMessage> answeredBy() {
        return null;
    }

    /** Whether this is the answer to a request: answers are built only when the asker has room to read them. */
    default boolean answersARequest() {
        return false;
    }

    /**
     * First message on every connection, both ways, sent as soon as the connection opens. {@code challenge} is 32
     * fresh random bytes (hex) that the other side must sign in its {@link Auth}; {@code nodeKey} is only a claim
     * until that proof arrives, and height, tip and work remain claims (hints to ask for headers) for good.
     */
    record Hello(int protocolVersion, String networkId, String genesisHash, String nodeKey,
            String advertisedAddress, String challenge, long height, String tipHash, String cumulativeWork)
            implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            require(networkId.length() <= WireBounds.MAX_NETWORK_ID_CHARS, "network id over "
                    + WireBounds.MAX_NETWORK_ID_CHARS);
            requireMatches(HEX_32, genesisHash, "genesis hash is not 64 hex characters");
            requireMatches(NODE_KEY, nodeKey, "node key is not a compressed public key in hex");
            require(advertisedAddress.length() <= WireBounds.MAX_ADDRESS_CHARS, "advertised address too long");
            requireMatches(HEX_32, challenge, "challenge is not 32 bytes of hex");
            require(height >= 0, "negative height");
            requireMatches(HEX_32, tipHash, "tip hash is not 64 hex characters");
            requireWork(cumulativeWork);
        }
    }

    /**
     * The proof of the node key claimed in HELLO: a signature by that key over {@link HandshakeProof#digest}, which
     * binds both challenges, both keys, the network and this side's role to this connection.
     */
    record Auth(String signature) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireMatches(WireBounds.SIGNATURE, signature, "signature is not 64 bytes of hex");
        }
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
        @Override
        public void checkBounds() throws DecodeException {
            requireAtMost(locator, P2pLimits.MAX_LOCATOR_ENTRIES, "locator entries");
        }

        @Override
        public Class<? extends ProtocolMessage> answeredBy() {
            return Headers.class;
        }
    }

    /** Canonical header bytes in hex, oldest first, at most {@link P2pLimits#MAX_HEADERS_PER_MESSAGE}. */
    record Headers(List<String> headers) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireAtMost(headers, P2pLimits.MAX_HEADERS_PER_MESSAGE, "headers");
        }

        @Override
        public boolean answersARequest() {
            return true;
        }
    }

    record GetBlocks(List<String> hashes) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireAtMost(hashes, P2pLimits.MAX_BLOCKS_PER_MESSAGE, "block hashes");
        }

        @Override
        public Class<? extends ProtocolMessage> answeredBy() {
            return Blocks.class;
        }
    }

    /** Canonical block bytes in hex, in the order asked; blocks the node does not have are left out. */
    record Blocks(List<String> blocks) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireAtMost(blocks, P2pLimits.MAX_BLOCKS_PER_MESSAGE, "blocks");
        }

        @Override
        public boolean answersARequest() {
            return true;
        }
    }

    /**
     * Ids of pending messages the sender has newly admitted (Bitcoin's inv): the receiver asks for those it lacks.
     * At most {@link P2pLimits#MAX_INV_ENTRIES}.
     */
    record Inventory(List<String> messages) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireIds(messages, P2pLimits.MAX_INV_ENTRIES, "message ids");
        }
    }

    /** Asks for messages announced in an INV, at most {@link P2pLimits#MAX_MESSAGES_PER_REQUEST} (Bitcoin's getdata). */
    record GetMessages(List<String> ids) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireIds(ids, P2pLimits.MAX_MESSAGES_PER_REQUEST, "message ids");
        }
    }

    /** The answer to one GET_MESSAGES: canonical bytes in hex, those the sender still has, in the order asked. */
    record Messages(List<String> messages) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireAtMost(messages, P2pLimits.MAX_MESSAGES_PER_REQUEST, "messages");
        }

        @Override
        public boolean answersARequest() {
            return true;
        }
    }

    /** Periodic: the sender's tip and its measured round-trip times to its peers (node key to milliseconds). */
    record Status(long height, String tipHash, String cumulativeWork, Map<String, Double> latencies)
            implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            require(height >= 0, "negative height");
            requireMatches(HEX_32, tipHash, "tip hash is not 64 hex characters");
            requireWork(cumulativeWork);
            if (latencies.size() > P2pLimits.MAX_STATUS_LATENCIES) {
                throw new DecodeException(RejectCode.OVERSIZE, latencies.size() + " latencies, limit "
                        + P2pLimits.MAX_STATUS_LATENCIES);
            }
            for (Map.Entry<String, Double> entry : latencies.entrySet()) {
                requireMatches(NODE_KEY, entry.getKey(), "latency of something that is not a node key");
                Double millis = entry.getValue();
                require(millis != null && Double.isFinite(millis) && millis >= 0,
                        "latency is not a finite number >= 0");
            }
        }
    }

    /** Why the sender refused something; {@code code} is a {@link RejectCode}. */
    record Reject(String code, String reason) implements ProtocolMessage {
        @Override
        public void checkBounds() throws DecodeException {
            requireMatches(WireBounds.REJECT_CODE, code, "reject code is not 1 to 32 capital letters and _");
            WireBounds.requireChars(reason, P2pLimits.MAX_REJECT_REASON_CHARS, "reject reason");
        }
    }
}
