package io.podchain.p2p;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;

/** Strict JSON for protocol messages: unknown fields, missing fields and unknown types are errors. */
public final class ProtocolCodec {
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        message.checkBounds();
        return message;
    }

    /** A cumulative work from HELLO or STATUS, which {@link #decode} has bounded to {@link P2pLimits#MAX_WORK_DIGITS}. */
    public static java.math.BigInteger work(String digits) {
        return new java.math.BigInteger(digits);
    }
}
