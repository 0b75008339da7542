package io.podchain.log;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets the lines about one source (an IP address, a node key) through {@link #LINES_PER_WINDOW} times per
 * {@link #WINDOW}, then holds them back and says how many it held back with the next line that passes. A source
 * that earns warnings as fast as it can send cannot grow the log faster than this, whatever it sends; every source
 * still gets its first lines, so an operator sees each of them.
 */
public final class LogLimiter {
    /** Enough to see what a source did and why it was refused. */
    public static final int LINES_PER_WINDOW = 5;
    public static final Duration WINDOW = Duration.ofMinutes(1);
    /**
     * Sources remembered: beyond this the least recently seen is forgotten (an attacker with many addresses gets
     * their first lines each, at most this many windows of lines a minute in all).
     */
    public static final int MAX_SOURCES = 4_096;

    private final Cache<String, Window> windows = Caffeine.newBuilder().maximumSize(MAX_SOURCES).build();
    private final LongSupplier nanoTime;

    public LogLimiter() {
        this(System::nanoTime);
    }

    LogLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    private static final class Window {
        long startNanos;
        int lines;
        final AtomicLong suppressed = new AtomicLong();
    }

    /**
     * Whether a line about {@code source} may be written now. Returns -1 when it may not (it is counted); otherwise
     * the number of lines about the source held back since the last one written (0 mostly), for the caller to add.
     */
    public long admit(String source) {
        long now = nanoTime.getAsLong();
        Window window = windows.get(source, k -> {
            Window w = new Window();
            w.startNanos = now;
            return w;
        });
        synchronized (window) {
            if (now - window.startNanos >= WINDOW.toNanos()) {
                window.startNanos = now;
                window.lines = 0;
            }
            if (window.lines >= LINES_PER_WINDOW) {
                window.suppressed.incrementAndGet();
                return -1;
            }
            window.lines++;
            return window.suppressed.getAndSet(0);
        }
    }

    /** {@code line} with the count of held-back lines appended when there were any; null when it is held back. */
    public String line(String source, String line) {
        long held = admit(source);
        if (held < 0) {
            return null;
        }
        return held == 0 ? line : line + " (" + held + " similar lines about " + LogSafe.of(source) + " not logged)";
    }
}
