package io.podchain.p2p;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks a message's bounds are made of: every number, string and collection a peer sends is bounded before
 * anything parses or stores it (a decimal number of n digits costs n^2 to parse; a map of a million entries is a
 * million entries).
 */
final class WireBounds {
    static final Pattern NODE_KEY = Pattern.compile("0[23][0-9a-f]{64}");
    static final Pattern HEX_32 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern SIGNATURE = Pattern.compile("[0-9a-f]{128}");
    static final Pattern REJECT_CODE = Pattern.compile("[A-Z_]{1,32}");
    /** Network ids are configuration; 64 characters are plenty and keep the handshake digest small. */
    static final int MAX_NETWORK_ID_CHARS = 64;
    /** A DNS name (253) plus a port. */
    static final int MAX_ADDRESS_CHARS = 260;
    private static final Pattern WORK = Pattern.compile("0|[1-9][0-9]{0," + (P2pLimits.MAX_WORK_DIGITS - 1) + "}");

    private WireBounds() {
    }

    static void require(boolean condition, String reason) throws DecodeException {
        if (!condition) {
            throw new DecodeException(RejectCode.MALFORMED, reason);
        }
    }

    static void requireMatches(Pattern pattern, String value, String reason) throws DecodeException {
        require(pattern.matcher(value).matches(), reason);
    }

    static void requireWork(String work) throws DecodeException {
        if (work.length() > P2pLimits.MAX_WORK_DIGITS) {
            throw new DecodeException(RejectCode.OVERSIZE, "cumulative work of " + work.length() + " digits, limit "
                    + P2pLimits.MAX_WORK_DIGITS);
        }
        require(WORK.matcher(work).matches(), "cumulative work is not a decimal number");
    }

    static void requireIds(List<String> ids, int max, String what) throws DecodeException {
        requireAtMost(ids, max, what);
        for (String id : ids) {
            require(HEX_32.matcher(id).matches(), "a message id is not 64 hex characters");
        }
    }

    static void requireAtMost(List<String> list, int max, String what) throws DecodeException {
        if (list.size() > max) {
            throw new DecodeException(RejectCode.OVERSIZE, list.size() + " " + what + ", limit " + max);
        }
        if (list.contains(null)) {
            throw new DecodeException(RejectCode.MALFORMED, "null among " + what);
        }
    }

    static void requireChars(String value, int max, String what) throws DecodeException {
        if (value.length() > max) {
            throw new DecodeException(RejectCode.OVERSIZE, what + " of " + value.length() + " characters, limit "
                    + max);
        }
    }
}
