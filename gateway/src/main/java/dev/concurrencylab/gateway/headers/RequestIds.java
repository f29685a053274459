package dev.concurrencylab.gateway.headers;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Every request carries an {@code X-Request-Id} upstream and back to the client: the client's own
 * if it sent a sane one (visible ASCII, at most 128 characters), else a new UUID.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private RequestIds() {
    }

    /** The request's id: the client's if sane, else a new one. */
    public static String of(String given) {
        if (given != null && SANE.matcher(given).matches()) {
            return given;
        }
        // a version-4 UUID from ThreadLocalRandom: UUID.randomUUID() takes a lock-protected SecureRandom per call
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
