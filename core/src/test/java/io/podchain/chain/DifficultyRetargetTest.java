package io.podchain.chain;

import io.podchain.testing.Gen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DifficultyRetargetTest {
    private static final ChainParams PARAMS = new ChainParams("test", 16, 8, 10, Duration.ofSeconds(10));
    private static final long EXPECTED_SPAN = 10 * 10_000L;
    private static final SigningKey MINER = new SigningKey(java.math.BigInteger.TWO);

    private static BlockHeader parentAt(long height, int difficulty, long timestamp) {
        return new BlockHeader(1, height, Hash.ZERO, Hash.ZERO, timestamp, difficulty, MINER.publicKey(),
                Signature.NONE, 0);
    }

    @Test
    void retargetsOnlyAtMultiplesOfTheIntervalFromTwiceTheInterval() {
        assertThat(DifficultyRetarget.isRetargetHeight(PARAMS, 10)).isFalse();
        assertThat(DifficultyRetarget.isRetargetHeight(PARAMS, 19)).isFalse();
        assertThat(DifficultyRetarget.isRetargetHeight(PARAMS, 20)).isTrue();
        assertThat(DifficultyRetarget.isRetargetHeight(PARAMS, 30)).isTrue();
        assertThat(DifficultyRetarget.windowStartHeight(PARAMS, 20)).isEqualTo(9);
    }

    @Test
    void firstBlockGetsTheInitialDifficultyAndOtherHeightsKeepTheParents() {
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(0, 0, 0), 0)).isEqualTo(16);
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(14, 13, 5_000), 0)).isEqualTo(13);
    }

    @Test
    void stepsByBitsTowardTheTargetBounded() {
        long start = 1_000_000;
        // on target: unchanged
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 16, start + EXPECTED_SPAN), start))
                .isEqualTo(16);
        // twice too fast: one bit harder; four times: two bits; a hundred times: still two (bounded)
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 16, start + EXPECTED_SPAN / 2), start))
                .isEqualTo(17);
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 16, start + EXPECTED_SPAN / 4), start))
                .isEqualTo(18);
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 16, start + EXPECTED_SPAN / 100), start))
                .isEqualTo(18);
        // twice too slow: one bit easier; very slow: two bits, never below the floor
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 16, start + EXPECTED_SPAN * 2), start))
                .isEqualTo(15);
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 16, start + EXPECTED_SPAN * 100), start))
                .isEqualTo(14);
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 9, start + EXPECTED_SPAN * 100), start))
                .isEqualTo(8);
        // within a factor of two: unchanged (one bit is a factor of two in work)
        assertThat(DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(19, 16, start + EXPECTED_SPAN * 3 / 2), start))
                .isEqualTo(16);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries500")
    void staysInBoundsAndMovesTheRightWay(long seed) {
        Gen gen = new Gen(seed);
        int parentDifficulty = gen.intIn(8, 255);
        long actualSpan = gen.longIn(-1_000_000, 10_000_000_000L);
        long start = 1_000_000;
        int next = DifficultyRetarget.expectedDifficulty(PARAMS, parentAt(29, parentDifficulty, start + actualSpan), start);
        assertThat(next).isBetween(PARAMS.minDifficulty(), ConsensusLimits.MAX_DIFFICULTY);
        assertThat(Math.abs(next - parentDifficulty)).isLessThanOrEqualTo(ConsensusLimits.MAX_RETARGET_STEP_BITS);
        if (actualSpan < EXPECTED_SPAN) {
            assertThat(next).as("blocks too fast never get easier").isGreaterThanOrEqualTo(parentDifficulty);
        } else {
            assertThat(next).as("blocks too slow never get harder").isLessThanOrEqualTo(parentDifficulty);
        }
    }
}
