package dev.concurrencylab.core.params;

/**
 * Whole numbers from paths and query strings. Only plain decimal digits are accepted (no sign,
 * no spaces, no exponent), so {@code /products/+7} or {@code /products/7.0} is a 400 rather than
 * a second spelling of product 7 that a cache would store twice.
 */
public final class Identifiers {

    /** Enough digits for any int; longer strings are refused before parsing. */
    private static final int MAX_DIGITS = 10;

    private Identifiers() {
    }

    public static int parse(String name, String raw, int min, int max) {
        String allowed = min + ".." + max;
        if (raw == null || raw.isEmpty() || raw.length() > MAX_DIGITS || !raw.chars().allMatch(Identifiers::isDigit)) {
            throw new InvalidParameterException(name, raw, allowed, "is not a whole number");
        }
        long value = Long.parseLong(raw);
        if (value < min || value > max) {
            throw new InvalidParameterException(name, raw, allowed, "is out of range");
        }
        return (int) value;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
