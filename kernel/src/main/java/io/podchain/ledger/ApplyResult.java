package io.podchain.ledger;

import io.podchain.chain.Hash;
import io.podchain.chain.Violation;
import java.util.List;
import java.util.Optional;

/** What {@link ChainWriter#apply} did with a block. */
public record ApplyResult(Outcome outcome, Hash blockHash, List<Violation> violations,
        Optional<ChainTipChanged> tipChange) {

    public enum Outcome {
        /** Extended the main chain. */
        CONNECTED,
        /** Made a side branch the main chain. */
        REORGANIZED,
        /** Stored on a side branch with no more work than the main chain. */
        SIDE_BRANCH,
        /** Already stored; nothing changed. */
        ALREADY_KNOWN,
        /** Broke a rule; nothing changed. */
        REJECTED
    }

    public static ApplyResult rejected(Hash hash, List<Violation> violations) {
        return new ApplyResult(Outcome.REJECTED, hash, List.copyOf(violations), Optional.empty());
    }

    public static ApplyResult unchanged(Outcome outcome, Hash hash) {
        return new ApplyResult(outcome, hash, List.of(), Optional.empty());
    }

    public boolean accepted() {
        return outcome != Outcome.REJECTED;
    }
}
