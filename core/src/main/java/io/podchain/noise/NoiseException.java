package io.podchain.noise;

/** A Noise message failed: it does not authenticate (another key, a changed byte) or is malformed. */
public class NoiseException extends Exception {
    public NoiseException(String message) {
        super(message);
    }

    public NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}
