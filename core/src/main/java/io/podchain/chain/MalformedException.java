package io.podchain.chain;

/** Bytes or fields that do not form a well-formed object. Reported as rule {@link Rule#MALFORMED}. */
public class MalformedException extends RuntimeException {
    public MalformedException(String message) {
        super(message);
    }
}
