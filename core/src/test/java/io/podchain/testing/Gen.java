package io.podchain.testing;

import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Seeded generators for property tests written as JUnit parameterised tests (jqwik's maintainers do not want it used
 * by automated agents). A test takes a seed from {@code tries30()} and friends and draws its inputs from
 * {@code new Gen(seed)}: a failure names its seed, so it replays exactly. Every draw favours the edges of its range
 * one time in eight (minimum, maximum, zero, one), as jqwik's edge cases did.
 */
public final class Gen {
    /** Characters that stress UTF-8 handling: ASCII, 2- and 3-byte characters, a surrogate pair, a NUL. */
    private static final String ALPHABET = "aZ09 -_\u0000\u00e9\u00df\u20ac\u4e2d\ud83d\ude00";

    private final Random random;

    public Gen(long seed) {
        random = new Random(seed);
    }

    private static Stream<Long> seeds(int count) {
        return LongStream.rangeClosed(1, count).boxed();
    }

    public static Stream<Long> tries20() {
        return seeds(20);
    }

    public static Stream<Long> tries30() {
        return seeds(30);
    }

    public static Stream<Long> tries50() {
        return seeds(50);
    }

    public static Stream<Long> tries60() {
        return seeds(60);
    }

    public static Stream<Long> tries100() {
        return seeds(100);
    }

    public static Stream<Long> tries200() {
        return seeds(200);
    }

    public static Stream<Long> tries300() {
        return seeds(300);
    }

    public static Stream<Long> tries500() {
        return seeds(500);
    }

    private boolean edge() {
        return random.nextInt(8) == 0;
    }

    public int intIn(int min, int max) {
        return (int) longIn(min, max);
    }

    public long longIn(long min, long max) {
        if (edge()) {
            long[] edges = {min, max, Math.max(min, Math.min(max, 0)), Math.max(min, Math.min(max, 1))};
            return edges[random.nextInt(edges.length)];
        }
        long span = max - min + 1;
        return span <= 0 ? random.nextLong() : min + Math.floorMod(random.nextLong(), span);
    }

    public long anyLong() {
        return longIn(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        if (!edge()) {
            random.nextBytes(bytes);
        } else if (random.nextBoolean()) {
            java.util.Arrays.fill(bytes, (byte) 0xff);
        }
        return bytes;
    }

    /** A string of {@code min..max} characters (UTF-16 units), from an alphabet that stresses encodings. */
    public String string(int min, int max) {
        int length = intIn(min, max);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            int at = random.nextInt(ALPHABET.length());
            char c = ALPHABET.charAt(at);
            if (Character.isHighSurrogate(c) && text.length() + 2 <= length) {
                text.append(c).append(ALPHABET.charAt(at + 1));
            } else if (!Character.isSurrogate(c)) {
                text.append(c);
            }
        }
        return text.toString();
    }

    public Random random() {
        return random;
    }
}
