package io.podchain.api;

/**
 * Parses numeric query parameters itself, so that a bad value is a 400 naming the parameter (JAX-RS would answer
 * 404 for a parameter it cannot convert).
 */
final class QueryParams {
    private QueryParams() {
    }

    static long longIn(String name, String value, long defaultValue, long min, long max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number, not '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw ApiException.badRequest(name + " must be " + min + ".." + max);
        }
        return parsed;
    }

    static int intIn(String name, String value, int defaultValue, int min, int max) {
        return (int) longIn(name, value, defaultValue, min, max);
    }
}
