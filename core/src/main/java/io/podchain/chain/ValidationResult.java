package io.podchain.chain;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Every rule a block or message broke; valid when there are none. */
public record ValidationResult(List<Violation> violations) {
    public static final ValidationResult VALID = new ValidationResult(List.of());

    public ValidationResult {
        violations = List.copyOf(violations);
    }

    public boolean isValid() {
        return violations.isEmpty();
    }

    public Set<Rule> rules() {
        return violations.stream().map(Violation::rule).collect(Collectors.toUnmodifiableSet());
    }

    public boolean has(Rule rule) {
        return violations.stream().anyMatch(v -> v.rule() == rule);
    }

    @Override
    public String toString() {
        return isValid() ? "valid" : violations.toString();
    }
}
