package io.podchain.p2p;

import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import java.util.List;

/**
 * Whose fault a refused block is, by the rules it broke: what the relay does about the peer that sent it. A block
 * is relayed once the checks that need no database pass, so a rule checked only after that is not the sender's to
 * have checked.
 */
enum BlockFault {
    /** Its parent is unknown here: the sender may have chain we lack; a hint, no blame. */
    MISSING_PARENT,
    /** Refused by this node's policy (finality, the side-branch bound), no rule broken: no blame. */
    OUR_POLICY,
    /** Ahead of this node's clock ({@code Rule.isTimeDependent}): one of the two clocks is wrong; no blame. */
    AHEAD_OF_OUR_CLOCK,
    /** Only the rule checked after a relay ({@code Rule.needsBranchMessages}): its producer is to blame. */
    PRODUCER,
    /** A rule every node checks before it relays: the sender is to blame. */
    SENDER;

    /**
     * @param intrinsicPassed whether the block's own checks passed (a message twice in one block breaks the same
     *                        rule as one already in the branch, but is found before any relay)
     * @param violations      the rules the block broke, not empty
     */
    static BlockFault of(boolean intrinsicPassed, List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a refused block breaks at least one rule");
        }
        if (violations.stream().allMatch(v -> v.rule() == Rule.UNKNOWN_PARENT)) {
            return MISSING_PARENT;
        }
        if (violations.stream().allMatch(v -> v.rule().isPolicy())) {
            return OUR_POLICY;
        }
        if (violations.stream().allMatch(v -> v.rule().isTimeDependent())) {
            return AHEAD_OF_OUR_CLOCK;
        }
        if (intrinsicPassed && violations.stream().allMatch(v -> v.rule().needsBranchMessages())) {
            return PRODUCER;
        }
        return SENDER;
    }
}
