package dev.concurrencylab.gateway.cache;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

/**
 * The {@code Cache-Control} directives of one request or response (RFC 9111 §5.2, RFC 5861), parsed
 * once. Durations are seconds; {@link #ABSENT} where a directive is missing. A malformed delta is
 * read as 0 (RFC 9111 §1.2.2: an invalid freshness value is treated as stale). Qualified
 * {@code private="field"} and {@code no-cache="field"} are read as their unqualified forms: stricter,
 * never wrong. {@code targeted}: read from an RFC 9213 targeted field instead of Cache-Control.
 */
record Directives(
        boolean noStore,
        boolean noCache,
        boolean isPrivate,
        boolean isPublic,
        boolean mustRevalidate,
        boolean proxyRevalidate,
        boolean onlyIfCached,
        long sMaxAge,
        long maxAge,
        long maxStale,
        long minFresh,
        long staleWhileRevalidate,
        long staleIfError,
        boolean targeted) {

    static final long ABSENT = -1;
    /** {@code max-stale} without a value: any staleness is acceptable. */
    static final long ANY = Long.MAX_VALUE;
    static final Directives NONE = new Directives(false, false, false, false, false, false, false,
            ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, false);

    /** A request's directives; {@code Pragma: no-cache} counts as {@code no-cache} when there is no Cache-Control (§5.4). */
    static Directives ofRequest(HttpHeaders headers) {
        List<String> values = headers.get(HttpHeaders.CACHE_CONTROL);
        if (values == null || values.isEmpty()) {
            List<String> pragma = headers.get(HttpHeaders.PRAGMA);
            if (pragma != null && pragma.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("no-cache"))) {
                return new Directives(false, true, false, false, false, false, false,
                        ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, false);
            }
            return NONE;
        }
        return parse(values);
    }

    /**
     * A response's directives for this cache: those of the first field of {@code targets} (RFC 9213
     * targeted cache control, e.g. {@code CDN-Cache-Control}) that the response carries with a
     * non-empty value, which then replace Cache-Control and Expires ({@link #targeted()}); else
     * its Cache-Control.
     */
    static Directives ofResponse(HttpHeaders headers, List<String> targets) {
        for (String target : targets) {
            List<String> values = headers.get(target);
            if (values != null && values.stream().anyMatch(value -> !value.isBlank())) {
                Directives parsed = parse(values);
                return new Directives(parsed.noStore, parsed.noCache, parsed.isPrivate, parsed.isPublic,
                        parsed.mustRevalidate, parsed.proxyRevalidate, parsed.onlyIfCached, parsed.sMaxAge, parsed.maxAge,
                        parsed.maxStale, parsed.minFresh, parsed.staleWhileRevalidate, parsed.staleIfError, true);
            }
        }
        List<String> values = headers.get(HttpHeaders.CACHE_CONTROL);
        return values == null || values.isEmpty() ? NONE : parse(values);
    }

    static Directives parse(List<String> values) {
        boolean noStore = false, noCache = false, isPrivate = false, isPublic = false, mustRevalidate = false,
                proxyRevalidate = false, onlyIfCached = false;
        long sMaxAge = ABSENT, maxAge = ABSENT, maxStale = ABSENT, minFresh = ABSENT, swr = ABSENT, sie = ABSENT;
        for (String value : values) {
            for (String directive : split(value)) {
                int eq = directive.indexOf('=');
                String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String argument = eq < 0 ? null : unquote(directive.substring(eq + 1).trim());
                switch (name) {
                    case "no-store" -> noStore = true;
                    case "no-cache" -> noCache = true;
                    case "private" -> isPrivate = true;
                    case "public" -> isPublic = true;
                    case "must-revalidate" -> mustRevalidate = true;
                    case "proxy-revalidate" -> proxyRevalidate = true;
                    case "only-if-cached" -> onlyIfCached = true;
                    case "s-maxage" -> sMaxAge = seconds(argument);
                    case "max-age" -> maxAge = seconds(argument);
                    case "max-stale" -> maxStale = argument == null ? ANY : seconds(argument);
                    case "min-fresh" -> minFresh = seconds(argument);
                    case "stale-while-revalidate" -> swr = seconds(argument);
                    case "stale-if-error" -> sie = seconds(argument);
                    default -> { }
                }
            }
        }
        return new Directives(noStore, noCache, isPrivate, isPublic, mustRevalidate, proxyRevalidate, onlyIfCached,
                sMaxAge, maxAge, maxStale, minFresh, swr, sie, false);
    }

    /**
     * Whether a stale copy may never be served without a successful revalidation: must-revalidate,
     * proxy-revalidate, and s-maxage, which implies proxy-revalidate for a shared cache (§5.2.2.10).
     */
    boolean forbidsStale() {
        return mustRevalidate || proxyRevalidate || sMaxAge != ABSENT;
    }

    /** Directives separated by commas outside quoted strings. */
    private static List<String> split(String value) {
        if (value.indexOf('"') < 0) {
            return List.of(value.split(","));
        }
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String argument) {
        return argument.length() >= 2 && argument.startsWith("\"") && argument.endsWith("\"")
                ? argument.substring(1, argument.length() - 1) : argument;
    }

    private static long seconds(String argument) {
        if (argument == null || argument.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < argument.length(); i++) {
            if (!Character.isDigit(argument.charAt(i))) {
                return 0;
            }
        }
        // RFC 9111 §1.2.2: a delta too large to represent is 2^31 seconds
        return argument.length() > 10 ? Integer.MAX_VALUE : Math.min(Long.parseLong(argument), Integer.MAX_VALUE);
    }
}
