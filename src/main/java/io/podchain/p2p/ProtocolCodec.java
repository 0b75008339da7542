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
        checkCounts(message);
        return message;
    }

    private static void checkCounts(ProtocolMessage message) throws DecodeException {
        if (message instanceof ProtocolMessage.Headers h) {
            requireAtMost(h.headers(), P2pLimits.MAX_HEADERS_PER_MESSAGE, "headers");
        } else if (message instanceof ProtocolMessage.GetHeaders g) {
            requireAtMost(g.locator(), P2pLimits.MAX_LOCATOR_ENTRIES, "locator entries");
        } else if (message instanceof ProtocolMessage.GetBlocks g) {
            requireAtMost(g.hashes(), P2pLimits.MAX_BLOCKS_PER_MESSAGE, "block hashes");
        } else if (message instanceof ProtocolMessage.Blocks b) {
            requireAtMost(b.blocks(), P2pLimits.MAX_BLOCKS_PER_MESSAGE, "blocks");
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
