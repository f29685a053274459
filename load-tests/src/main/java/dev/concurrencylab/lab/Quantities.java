package dev.concurrencylab.lab;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.concurrencylab.lab.topology.LabException;

/**
 * The lab's way of writing durations ({@code 250us}, {@code 500ms}, {@code 10s}, {@code 2m}) and
 * sizes ({@code 512}, {@code 4KB}, {@code 1MB}) everywhere: command options, scenario files,
 * reports. The services' parameters take the same units ({@code io=250us}), and a scenario's
 * request shape is passed on to them in this form, so a duration below a millisecond must survive
 * the round trip.
 */
public final class Quantities {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(us|ms|s|m)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})(B|KB|MB)?");

    private Quantities() {
    }

    public static Optional<Duration> duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "us" -> Duration.ofNanos(amount * 1_000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        });
    }

    /** A duration given as {@code what} (an option, a field), or a clear error saying how to write one. */
    public static Duration requireDuration(String text, String what) {
        return duration(text).orElseThrow(() -> new LabException(what + " is not a duration (e.g. 250us, 500ms, 10s, 2m): " + text));
    }

    public static Optional<Long> bytes(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2);
        return Optional.of(switch (unit) {
            case "KB" -> amount * 1024;
            case "MB" -> amount * 1024 * 1024;
            default -> amount;
        });
    }

    /** {@code 250us}, {@code 500ms}, {@code 2s}, {@code 1m}: the shortest exact form (to the microsecond). */
    public static String format(Duration duration) {
        long micros = duration.toNanos() / 1_000;
        if (micros % 1_000 != 0) {
            return micros + "us";
        }
        long millis = duration.toMillis();
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis != 0 && millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
