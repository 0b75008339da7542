package io.podchain.pool;

import io.podchain.chain.Violation;
import java.util.List;

/** Input that broke rules; nothing was stored. */
public class RejectedException extends RuntimeException {
    private final List<Violation> violations;

    public RejectedException(List<Violation> violations) {
        super(violations.toString());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
