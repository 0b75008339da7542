package io.podchain.cli;

/** A failure the user can act on, printed as one line (no stack trace) with a non-zero exit. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
