package io.podchain.p2p;

/** A message refused before it was understood: malformed, unknown, or beyond a bound. */
public final class DecodeException extends Exception {
    private final RejectCode code;

    DecodeException(RejectCode code, String message) {
        super(message);
        this.code = code;
    }

    public RejectCode code() {
        return code;
    }
}
