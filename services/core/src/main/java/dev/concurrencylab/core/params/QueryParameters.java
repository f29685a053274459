package dev.concurrencylab.core.params;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * The query parameters of one request, checked against what the endpoint accepts: an unknown
 * parameter, a repeated one, or a value outside its bounds is an {@link InvalidParameterException}
 * naming the parameter, the value and what is allowed. Unknown parameters are refused rather than
 * ignored, because a typo ({@code cpus=50ms}) would otherwise silently measure something else.
 */
public final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * @param raw the parameters as the framework parsed them (name to every value given)
     * @param accepted the names this endpoint understands
     */
    public static QueryParameters of(Map<String, List<String>> raw, Set<String> accepted) {
        for (Map.Entry<String, List<String>> parameter : raw.entrySet()) {
            String name = parameter.getKey();
            if (!accepted.contains(name)) {
                throw new InvalidParameterException(name, String.join(",", parameter.getValue()),
                        accepted.isEmpty() ? "no parameters" : "parameters " + new TreeSet<>(accepted),
                        "is not known here");
            }
            if (parameter.getValue().size() > 1) {
                throw new InvalidParameterException(name, String.join(",", parameter.getValue()),
                        "one value", "is given more than once");
            }
        }
        return new QueryParameters(raw);
    }

    public Optional<String> get(String name) {
        List<String> given = values.get(name);
        return given == null || given.isEmpty() ? Optional.empty() : Optional.of(given.getFirst());
    }

    /**
     * A duration from 0 to {@code max}, written {@code 50ms}, {@code 2s}, {@code 250us},
     * ISO-8601 ({@code PT2S}) or as plain milliseconds ({@code 50}).
     */
    public Duration duration(String name, Duration defaultValue, Duration max) {
        Optional<String> given = get(name);
        if (given.isEmpty()) {
            return defaultValue;
        }
        String allowed = "0ms.." + Durations.format(max);
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(given.get().trim());
        } catch (RuntimeException notADuration) {
            throw new InvalidParameterException(name, given.get(), allowed + " (e.g. 50ms, 2s)", "is not a duration");
        }
        if (duration.isNegative() || duration.compareTo(max) > 0) {
            throw new InvalidParameterException(name, given.get(), allowed, "is out of range");
        }
        return duration;
    }

    /** A size in bytes from 0 to {@code max}, written {@code 512}, {@code 64KB} or {@code 1MB}. */
    public int bytes(String name, DataSize max) {
        Optional<String> given = get(name);
        if (given.isEmpty()) {
            return 0;
        }
        String allowed = "0.." + max.toBytes() + " bytes";
        DataSize size;
        try {
            size = DataSize.parse(given.get().trim());
        } catch (RuntimeException notASize) {
            throw new InvalidParameterException(name, given.get(), allowed + " (e.g. 512, 64KB, 1MB)", "is not a size");
        }
        if (size.isNegative() || size.toBytes() > max.toBytes()) {
            throw new InvalidParameterException(name, given.get(), allowed, "is out of range");
        }
        return Math.toIntExact(size.toBytes());
    }

    /**
     * An HTTP status for fault injection: 200 (no fault, the default) or an error status 400..599.
     */
    public int responseStatus(String name) {
        Optional<String> given = get(name);
        if (given.isEmpty()) {
            return 200;
        }
        int status = Identifiers.parse(name, given.get(), 200, 599);
        if (status != 200 && status < 400) {
            throw new InvalidParameterException(name, given.get(), "200 or 400..599", "is not 200 or an error status");
        }
        return status;
    }

    /** One of the enum's values, written in lower case with dashes ({@code io-mode=downstream}). */
    public <E extends Enum<E>> E choice(String name, E defaultValue) {
        Optional<String> given = get(name);
        if (given.isEmpty()) {
            return defaultValue;
        }
        E[] choices = defaultValue.getDeclaringClass().getEnumConstants();
        return Arrays.stream(choices)
                .filter(choice -> parameterValue(choice).equals(given.get()))
                .findFirst()
                .orElseThrow(() -> new InvalidParameterException(name, given.get(),
                        Arrays.stream(choices).map(QueryParameters::parameterValue).collect(Collectors.joining("|")),
                        "is not one of the choices"));
    }

    public static String parameterValue(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
