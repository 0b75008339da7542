package io.podchain.log;

/**
 * Text from outside (a peer's reject reason, an address, a parse error quoting its input) as it may appear in a log
 * line: control characters (a newline would start a forged line; escape sequences would drive a terminal) are
 * written as {@code \n}, {@code \t} or {@code \\uXXXX}, and anything beyond {@link #MAX_CHARS} is cut with a count.
 */
public final class LogSafe {
    /** Enough for any reason or address an honest node sends; a line stays a line. */
    public static final int MAX_CHARS = 200;

    private LogSafe() {
    }

    /** {@code text} escaped and bounded; {@code "null"} for null. */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        int shown = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                    || Character.isSurrogate(c)) {
                // format characters (bidi overrides) reorder what a reader sees; lone surrogates are not text
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > shown) {
            out.append("...(").append(text.length() - shown).append(" more characters)");
        }
        return out.toString();
    }
}
