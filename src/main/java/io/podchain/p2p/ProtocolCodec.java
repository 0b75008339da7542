package io.podchain.p2p;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import java.util.List;

/** Strict JSON for protocol messages: unknown fields, missing fields and unknown types are errors. */
public final class ProtocolCodec {
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A message refused before it was understood. */
    public static final class DecodeException extends Exception {
        private final RejectCode code;

        DecodeException(RejectCode code, String message) {
            super(message);
            this.code = code;
        }

        public RejectCode code() {
            return code;
        }
    }

    public String encode(ProtocolMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("protocol messages always serialise", e);
        }
    }

    public ProtocolMessage decode(String text) throws DecodeException {
        if (text.length() > P2pLimits.MAX_MESSAGE_CHARS) {
            throw new DecodeException(RejectCode.OVERSIZE, text.length() + " characters, limit "
                    + P2pLimits.MAX_MESSAGE_CHARS);
        }
        ProtocolMessage message;
        try {
            message = json.readValue(text, ProtocolMessage.class);
        } catch (InvalidTypeIdException e) {
            throw new DecodeException(e.getTypeId() == null ? RejectCode.MALFORMED : RejectCode.UNKNOWN_TYPE,
                    e.getTypeId() == null ? "no type" : "unknown type " + e.getTypeId());
        } catch (JsonProcessingException e) {
            throw new DecodeException(RejectCode.MALFORMED, e.getOriginalMessage());
        }
        checkBounds(message);
        return message;
    }

    private static final java.util.regex.Pattern WORK = java.util.regex.Pattern.compile(
            "0|[1-9][0-9]{0," + (P2pLimits.MAX_WORK_DIGITS - 1) + "}");
    private static final java.util.regex.Pattern NODE_KEY = java.util.regex.Pattern.compile("0[23][0-9a-f]{64}");
    private static final java.util.regex.Pattern HEX_32 = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private static final java.util.regex.Pattern SIGNATURE = java.util.regex.Pattern.compile("[0-9a-f]{128}");
    private static final java.util.regex.Pattern REJECT_CODE = java.util.regex.Pattern.compile("[A-Z_]{1,32}");
    /** Network ids are configuration; 64 characters are plenty and keep the handshake digest small. */
    private static final int MAX_NETWORK_ID_CHARS = 64;
    /** A DNS name (253) plus a port. */
    private static final int MAX_ADDRESS_CHARS = 260;

    /** A cumulative work from HELLO or STATUS, which {@link #decode} has bounded to {@link P2pLimits#MAX_WORK_DIGITS}. */
    public static java.math.BigInteger work(String digits) {
        return new java.math.BigInteger(digits);
    }

    /**
     * Every number, string and collection a peer sends is bounded here, before anything parses or stores it (a
     * decimal number of n digits costs n^2 to parse; a map of a million entries is a million entries).
     */
    private static void checkBounds(ProtocolMessage message) throws DecodeException {
        if (message instanceof ProtocolMessage.Hello h) {
            require(h.networkId().length() <= MAX_NETWORK_ID_CHARS, "network id over " + MAX_NETWORK_ID_CHARS);
            require(HEX_32.matcher(h.genesisHash()).matches(), "genesis hash is not 64 hex characters");
            require(NODE_KEY.matcher(h.nodeKey()).matches(), "node key is not a compressed public key in hex");
            require(h.advertisedAddress().length() <= MAX_ADDRESS_CHARS, "advertised address too long");
            require(HEX_32.matcher(h.challenge()).matches(), "challenge is not 32 bytes of hex");
            require(h.height() >= 0, "negative height");
            require(HEX_32.matcher(h.tipHash()).matches(), "tip hash is not 64 hex characters");
            requireWork(h.cumulativeWork());
        } else if (message instanceof ProtocolMessage.Auth a) {
            require(SIGNATURE.matcher(a.signature()).matches(), "signature is not 64 bytes of hex");
        } else if (message instanceof ProtocolMessage.Status st) {
            require(st.height() >= 0, "negative height");
            require(HEX_32.matcher(st.tipHash()).matches(), "tip hash is not 64 hex characters");
            requireWork(st.cumulativeWork());
            if (st.latencies().size() > P2pLimits.MAX_STATUS_LATENCIES) {
                throw new DecodeException(RejectCode.OVERSIZE, st.latencies().size() + " latencies, limit "
                        + P2pLimits.MAX_STATUS_LATENCIES);
            }
            for (java.util.Map.Entry<String, Double> entry : st.latencies().entrySet()) {
                require(NODE_KEY.matcher(entry.getKey()).matches(), "latency of something that is not a node key");
                Double millis = entry.getValue();
                require(millis != null && Double.isFinite(millis) && millis >= 0, "latency is not a finite number >= 0");
            }
        } else if (message instanceof ProtocolMessage.Headers h) {
            requireAtMost(h.headers(), P2pLimits.MAX_HEADERS_PER_MESSAGE, "headers");
        } else if (message instanceof ProtocolMessage.GetHeaders g) {
            requireAtMost(g.locator(), P2pLimits.MAX_LOCATOR_ENTRIES, "locator entries");
        } else if (message instanceof ProtocolMessage.GetBlocks g) {
            requireAtMost(g.hashes(), P2pLimits.MAX_BLOCKS_PER_MESSAGE, "block hashes");
        } else if (message instanceof ProtocolMessage.Blocks b) {
            requireAtMost(b.blocks(), P2pLimits.MAX_BLOCKS_PER_MESSAGE, "blocks");
        } else if (message instanceof ProtocolMessage.Inventory inv) {
            requireIds(inv.messages(), P2pLimits.MAX_INV_ENTRIES, "message ids");
        } else if (message instanceof ProtocolMessage.GetMessages g) {
            requireIds(g.ids(), P2pLimits.MAX_MESSAGES_PER_REQUEST, "message ids");
        } else if (message instanceof ProtocolMessage.Messages m) {
            requireAtMost(m.messages(), P2pLimits.MAX_MESSAGES_PER_REQUEST, "messages");
        } else if (message instanceof ProtocolMessage.Reject r) {
            require(REJECT_CODE.matcher(r.code()).matches(), "reject code is not 1 to 32 capital letters and _");
            if (r.reason().length() > P2pLimits.MAX_REJECT_REASON_CHARS) {
                throw new DecodeException(RejectCode.OVERSIZE, "reject reason of " + r.reason().length()
                        + " characters, limit " + P2pLimits.MAX_REJECT_REASON_CHARS);
            }
        }
    }

    private static void require(boolean condition, String reason) throws DecodeException {
        if (!condition) {
            throw new DecodeException(RejectCode.MALFORMED, reason);
        }
    }

    private static void requireWork(String work) throws DecodeException {
        if (work.length() > P2pLimits.MAX_WORK_DIGITS) {
            throw new DecodeException(RejectCode.OVERSIZE, "cumulative work of " + work.length() + " digits, limit "
                    + P2pLimits.MAX_WORK_DIGITS);
        }
        require(WORK.matcher(work).matches(), "cumulative work is not a decimal number");
    }

    private static void requireIds(List<String> ids, int max, String what) throws DecodeException {
        requireAtMost(ids, max, what);
        for (String id : ids) {
            require(HEX_32.matcher(id).matches(), "a message id is not 64 hex characters");
        }
    }

    private static void requireAtMost(List<String> list, int max, String what) throws DecodeException {
        if (list.size() > max) {
            throw new DecodeException(RejectCode.OVERSIZE, list.size() + " " + what + ", limit " + max);
        }
        if (list.contains(null)) {
            throw new DecodeException(RejectCode.MALFORMED, "null among " + what);
        }
    }
}
