package dev.concurrencylab.gateway.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

/**
 * The secondary key of RFC 9111 §4.1: when a stored response has {@code Vary}, each request is
 * matched on the values of the named request headers, normalised: the header's lines joined by
 * commas, each comma-separated element trimmed with inner whitespace collapsed to one space, case
 * kept. An absent header is distinct from an empty one. {@code Vary: *} is never stored.
 */
final class CacheKeys {

    private static final String ABSENT_HEADER = "\u0000";

    private CacheKeys() {
    }

    /** The secondary key of a request's headers for the given {@code Vary} header names. */
    static String secondary(List<String> varyNames, HttpHeaders requestHeaders) {
        StringBuilder key = new StringBuilder();
        for (String name : varyNames) {
            List<String> values = requestHeaders.get(name);
            key.append(name).append('=');
            if (values == null) {
                key.append(ABSENT_HEADER);
            } else {
                boolean first = true;
                for (String value : values) {
                    for (String element : value.split(",")) {
                        if (!first) {
                            key.append(',');
                        }
                        key.append(element.trim().replaceAll("\\s+", " "));
                        first = false;
                    }
                }
            }
            key.append(';');
        }
        return key.toString();
    }

    /** The header names of a response's {@code Vary} (lower-case, sorted, distinct); {@code ["*"]} for {@code Vary: *}. */
    static List<String> varyNames(HttpHeaders responseHeaders) {
        List<String> values = responseHeaders.get(HttpHeaders.VARY);
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String value : values) {
            for (String name : value.split(",")) {
                String trimmed = name.trim().toLowerCase(Locale.ROOT);
                if (trimmed.equals("*")) {
                    return List.of("*");
                }
                if (!trimmed.isEmpty() && !names.contains(trimmed)) {
                    names.add(trimmed);
                }
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }
}
