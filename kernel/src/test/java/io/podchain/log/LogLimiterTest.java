package io.podchain.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A source gets its first lines each window, then a count of what was held back: never an unbounded stream. */
class LogLimiterTest {
    private final AtomicLong now = new AtomicLong(1);
    private final LogLimiter limiter = new LogLimiter(now::get);

    @Test
    void aSourceGetsItsLinesPerWindowThenACountOfTheRest() {
        for (int i = 0; i < LogLimiter.LINES_PER_WINDOW; i++) {
            assertThat(limiter.line("10.0.0.1", "line " + i)).isEqualTo("line " + i);
        }
        assertThat(limiter.line("10.0.0.1", "one too many")).isNull();
        assertThat(limiter.line("10.0.0.1", "and another")).isNull();
        assertThat(limiter.line("10.0.0.2", "another source")).as("sources are apart").isEqualTo("another source");

        now.addAndGet(LogLimiter.WINDOW.toNanos() - 1);
        assertThat(limiter.line("10.0.0.1", "still the same window")).isNull();
        now.addAndGet(1);
        assertThat(limiter.line("10.0.0.1", "next window"))
                .isEqualTo("next window (3 similar lines about 10.0.0.1 not logged)");
        assertThat(limiter.line("10.0.0.1", "and then")).isEqualTo("and then");
    }
}
