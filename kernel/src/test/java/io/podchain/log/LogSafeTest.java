package io.podchain.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Whatever a stranger sends, what reaches a log line is one line of printable text of bounded length. */
class LogSafeTest {
    @Test
    void aForgedLineStaysInsideItsOwnLine() {
        assertThat(LogSafe.of("bye\n2026-12-03 INFO [io.podchain] Banned 10.0.0.1"))
                .isEqualTo("bye\\n2026-12-03 INFO [io.podchain] Banned 10.0.0.1");
        assertThat(LogSafe.of("a\rb\tc\\n")).isEqualTo("a\\rb\\tc\\\\n");
        assertThat(LogSafe.of("\u001b[31mred")).isEqualTo("\\u001b[31mred");
        assertThat(LogSafe.of("left\u202eright")).isEqualTo("left\\u202eright");
        assertThat(LogSafe.of(null)).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, LogSafe.MAX_CHARS - 1, LogSafe.MAX_CHARS})
    void textUpToTheBoundIsKeptWhole(int length) {
        assertThat(LogSafe.of("x".repeat(length))).isEqualTo("x".repeat(length));
    }

    @Test
    void longerTextIsCutWithACount() {
        assertThat(LogSafe.of("x".repeat(LogSafe.MAX_CHARS + 1)))
                .isEqualTo("x".repeat(LogSafe.MAX_CHARS) + "...(1 more characters)");
        assertThat(LogSafe.of("y".repeat(9 * 1024 * 1024))).hasSizeLessThan(LogSafe.MAX_CHARS * 7);
    }

    @ParameterizedTest
    @MethodSource("io.podchain.testing.Gen#tries50")
    void anyTextBecomesOneLineOfPrintableCharacters(long seed) {
        Random random = new Random(seed);
        String text = IntStream.range(0, random.nextInt(400))
                .mapToObj(i -> String.valueOf((char) random.nextInt(random.nextBoolean() ? 0x40 : 0x10000)))
                .reduce("", String::concat);
        String safe = LogSafe.of(text);
        assertThat(safe.chars()).allMatch(c -> c >= 0x20 && c != 0x7f && !Character.isISOControl(c)
                && Character.getType(c) != Character.FORMAT && !Character.isSurrogate((char) c.intValue())
                && Character.getType(c) != Character.LINE_SEPARATOR
                && Character.getType(c) != Character.PARAGRAPH_SEPARATOR);
        assertThat(safe.length()).isLessThanOrEqualTo(LogSafe.MAX_CHARS * 6 + 40);
    }
}
