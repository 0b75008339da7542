package io.podchain.chain;

/** One broken rule, with a human-readable detail. */
public record Violation(Rule rule, String detail) {
    @Override
    public String toString() {
        return rule + ": " + detail;
    }
}
