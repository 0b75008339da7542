package io.podchain.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The rules a single message must meet wherever it appears: in the pool, in gossip, in a block. */
public final class MessageValidator {
    private MessageValidator() {
    }

    /**
     * @param latestAllowedCreatedAt UTC milliseconds after which {@code createdAt} counts as from the future
     */
    public static List<Violation> check(Message message, long latestAllowedCreatedAt) {
        return check(message, latestAllowedCreatedAt, VerifiedSignatures.NONE);
    }

    /**
     * As {@link #check(Message, long)}, skipping the signature verification of a message whose id {@code verified}
     * holds, and adding the id of a message whose signature verified.
     */
    public static List<Violation> check(Message message, long latestAllowedCreatedAt, VerifiedSignatures verified) {
        List<Violation> violations = new ArrayList<>();
        String id = message.id().toHex();
        checkText(message.recipient(), "recipient", ConsensusLimits.MAX_RECIPIENT_BYTES, id, violations);
        checkText(message.content(), "content", ConsensusLimits.MAX_CONTENT_BYTES, id, violations);
        if (message.recipient().isEmpty()) {
            violations.add(new Violation(Rule.MALFORMED, "message " + id + ": recipient is empty"));
        }
        if (message.createdAt() < 0) {
            violations.add(new Violation(Rule.MALFORMED, "message " + id + ": createdAt is negative"));
        }
        if (message.createdAt() > latestAllowedCreatedAt) {
            violations.add(new Violation(Rule.TIMESTAMP_TOO_NEW, "message " + id + ": createdAt "
                    + message.createdAt() + " is more than " + ConsensusLimits.MAX_FUTURE_DRIFT + " ahead"));
        }
        if (verified.contains(message.id())) {
            return violations;
        }
        switch (Secp256k1.check(message.sender(), message.signingDigest(), message.signature())) {
            case KEY_NOT_ON_CURVE -> violations.add(new Violation(Rule.MALFORMED, "message " + id
                    + ": sender is not a secp256k1 point"));
            case HIGH_S -> violations.add(new Violation(Rule.INVALID_MESSAGE_SIGNATURE, "message " + id
                    + ": high-S signature"));
            case INVALID -> violations.add(new Violation(Rule.INVALID_MESSAGE_SIGNATURE, "message " + id
                    + ": signature does not verify"));
            case VALID -> verified.add(message.id());
        }
        return violations;
    }

    private static void checkText(String text, String field, int maxBytes, String id, List<Violation> violations) {
        if (!isWellFormedUtf16(text)) {
            violations.add(new Violation(Rule.MALFORMED, "message " + id + ": " + field + " has unpaired surrogates"));
            return;
        }
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        if (length > maxBytes) {
            violations.add(new Violation(Rule.OVERSIZED, "message " + id + ": " + field + " is " + length
                    + " UTF-8 bytes, limit " + maxBytes));
        }
    }

    /** Unpaired surrogates would be replaced when encoded, so the signed bytes would not be the text shown. */
    private static boolean isWellFormedUtf16(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
