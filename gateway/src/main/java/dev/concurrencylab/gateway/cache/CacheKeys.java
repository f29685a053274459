package dev.concurrencylab.gateway.cache;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

/**
 * The cache key, in one place.
 * <p>
 * <b>Primary key</b> (RFC 9111 §4): {@code GET <scheme>://<host>[:<port>]<path>[?<query>]} as the
 * client sent it to the gateway (before any prefix is stripped): scheme and host lower-cased, the
 * default port (80/443) left out, the path as sent (raw, not decoded), the query's
 * {@code name=value} parameters sorted by their raw name, stably (so {@code ?b=2&a=1} and
 * {@code ?a=1&b=2} are one key, while {@code ?s=1&s=2} and {@code ?s=2&s=1} stay two: the order
 * of a repeated name's values may mean something); empty parameters dropped; a bare {@code ?} is
 * no query. The method is always {@code GET}: only GET responses are stored, and HEAD is answered
 * from the GET entry.
 * <p>
 * <b>Secondary key</b> (§4.1): when the stored response has {@code Vary}, each request is matched on
 * the values of the named request headers, normalised: the header's lines joined by commas, each
 * comma-separated element trimmed with inner whitespace collapsed to one space, case kept. An
 * absent header is distinct from an empty one. The first response for a primary key is stored
 * under the primary key alone and names the varying headers; other variants are stored under
 * {@code <primary key>} + {@link #VARIANT_SEPARATOR} + the secondary key. {@code Vary: *} is never
 * stored.
 */
final class CacheKeys {

    /** Between the primary key and a variant's secondary key; cannot occur in a request target. */
    static final char VARIANT_SEPARATOR = '\n';
    private static final String ABSENT_HEADER = "\u0000";

    private CacheKeys() {
    }

    /** The primary key of a request for {@code uri}. */
    static String primary(URI uri) {
        StringBuilder key = new StringBuilder(64);
        appendOrigin(key, uri);
        String path = uri.getRawPath();
        key.append(path == null || path.isEmpty() ? "/" : path);
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            appendQuery(key, query);
        }
        return key.toString();
    }

    /** The origin part of a primary key ({@code GET http://h:8080}): two URIs of one origin give the same. */
    static String origin(URI uri) {
        StringBuilder origin = new StringBuilder(32);
        appendOrigin(origin, uri);
        return origin.toString();
    }

    private static void appendOrigin(StringBuilder key, URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        key.append("GET ").append(scheme).append("://").append(host);
        if (port != -1 && !(port == 80 && scheme.equals("http")) && !(port == 443 && scheme.equals("https"))) {
            key.append(':').append(port);
        }
    }

    /** The path of a primary key ({@code /mvc/products/1} of {@code GET http://h/mvc/products/1?x=1}). */
    static String path(String key) {
        int schemeEnd = key.indexOf("://");
        int pathStart = key.indexOf('/', schemeEnd + 3);
        if (pathStart < 0) {
            return "/";
        }
        int end = key.length();
        for (int i = pathStart; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '?' || c == VARIANT_SEPARATOR) {
                end = i;
                break;
            }
        }
        return key.substring(pathStart, end);
    }

    /** The primary key a variant key belongs to (itself for a primary key). */
    static String primaryOf(String key) {
        int separator = key.indexOf(VARIANT_SEPARATOR);
        return separator < 0 ? key : key.substring(0, separator);
    }

    static String variant(String primary, String secondary) {
        return primary + VARIANT_SEPARATOR + secondary;
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

    private static String parameterName(String parameter) {
        int equals = parameter.indexOf('=');
        return equals < 0 ? parameter : parameter.substring(0, equals);
    }

    private static void appendQuery(StringBuilder key, String query) {
        if (query.indexOf('&') < 0) {
            key.append('?').append(query);
            return;
        }
        String[] parameters = query.split("&");
        // by name only, and stable: the values of a repeated name keep their order, which may matter
        Arrays.sort(parameters, Comparator.comparing(CacheKeys::parameterName));
        char separator = '?';
        for (String parameter : parameters) {
            if (!parameter.isEmpty()) {
                key.append(separator).append(parameter);
                separator = '&';
            }
        }
    }
}
