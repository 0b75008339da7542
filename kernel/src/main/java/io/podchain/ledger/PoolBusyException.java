package io.podchain.ledger;

/** The pool's writer is this far behind: the submission was refused, nothing was stored; retry shortly. */
public class PoolBusyException extends RuntimeException {
    public PoolBusyException(String message) {
        super(message);
    }
}
