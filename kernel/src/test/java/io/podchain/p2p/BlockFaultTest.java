package io.podchain.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.podchain.chain.Rule;
import io.podchain.chain.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every rule a block can break, and whose fault it is: only the rule checked after a relay spares the sender, only
 * a missing parent, our own policy or a clock ahead of ours spares everyone.
 */
class BlockFaultTest {

    private static List<Violation> broken(Rule... rules) {
        return java.util.Arrays.stream(rules).map(r -> new Violation(r, "test")).toList();
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void eachRuleAloneAfterTheBlocksOwnChecksPassed(Rule rule) {
        BlockFault expected = switch (rule) {
            case UNKNOWN_PARENT -> BlockFault.MISSING_PARENT;
            case FORK_TOO_DEEP, SIDE_BRANCHES_FULL -> BlockFault.OUR_POLICY;
            case DUPLICATE_MESSAGE -> BlockFault.PRODUCER;
            case TIMESTAMP_TOO_NEW -> BlockFault.AHEAD_OF_OUR_CLOCK;
            default -> BlockFault.SENDER;
        };
        assertThat(BlockFault.of(true, broken(rule))).isEqualTo(expected);
    }

    @Test
    void aMessageTwiceInOneBlockIsFoundBeforeAnyRelayAndCostsTheSender() {
        assertThat(BlockFault.of(false, broken(Rule.DUPLICATE_MESSAGE))).isEqualTo(BlockFault.SENDER);
    }

    @Test
    void theRuleCheckedAfterARelayBesideOneCheckedBeforeCostsTheSender() {
        assertThat(BlockFault.of(true, broken(Rule.DUPLICATE_MESSAGE, Rule.BAD_DIFFICULTY)))
                .isEqualTo(BlockFault.SENDER);
        assertThat(BlockFault.of(true, broken(Rule.UNKNOWN_PARENT, Rule.INSUFFICIENT_WORK)))
                .isEqualTo(BlockFault.SENDER);
    }

    /** A clock ahead spares its owner only when nothing else is wrong with the block. */
    @Test
    void aBlockAheadOfOurClockIsNobodysFaultUnlessItBreaksAnotherRule() {
        assertThat(BlockFault.of(false, broken(Rule.TIMESTAMP_TOO_NEW))).isEqualTo(BlockFault.AHEAD_OF_OUR_CLOCK);
        assertThat(BlockFault.of(false, broken(Rule.TIMESTAMP_TOO_NEW, Rule.INVALID_BLOCK_SIGNATURE)))
                .isEqualTo(BlockFault.SENDER);
    }

    @Test
    void aRefusalWithoutARuleIsAMistakeOfTheCaller() {
        assertThatThrownBy(() -> BlockFault.of(true, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
