package dev.concurrencylab.core.params;

import java.time.Duration;

/** Durations written the way the lab's parameters accept them: {@code 10s}, {@code 1500ms}, {@code 250us}. */
public final class Durations {

    private Durations() {
    }

    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }
}
