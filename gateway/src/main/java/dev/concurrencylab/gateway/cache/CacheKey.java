package dev.concurrencylab.gateway.cache;

import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * Where a stored response lives in the cache (RFC 9111 §4, §4.1).
 * <p>
 * <b>Primary key</b>: the origin and request target as the client sent them to the gateway (before
 * any prefix is stripped): {@code http://} and the request's own {@code Host} (lower-cased, the
 * default port left out; never a forwarded header, which a client could set), the raw path, and
 * the query's {@code name=value} parameters sorted by their raw name, stably (so {@code ?b=2&a=1}
 * and {@code ?a=1&b=2} are one key, while {@code ?s=1&s=2} and {@code ?s=2&s=1} stay two: the order
 * of a repeated name's values may mean something); empty parameters dropped; a bare {@code ?} is
 * no query. The method is always GET: only GET responses are stored, and HEAD is answered from the
 * GET entry.
 * <p>
 * <b>Secondary key</b>: for a variant under {@code Vary}, the normalised values of the varying
 * request headers ({@link CacheKeys#secondary}); empty for the primary entry, which is the first
 * response stored for a primary key and names the varying headers.
 *
 * @param origin {@code http://host[:port]}
 * @param path the raw path ({@code /} at least)
 * @param query the normalised query, or empty
 * @param secondary the secondary key, or empty
 */
public record CacheKey(String origin, String path, String query, String secondary) {

    /** The primary key of a request for {@code path} and {@code query} (raw; null: none) sent with Host {@code host}. */
    public static CacheKey primary(String host, String path, String query) {
        return new CacheKey(origin("http", host), path == null || path.isEmpty() ? "/" : path, normalise(query), "");
    }

    /** The primary key of an absolute URI, as a client would have sent it. */
    public static CacheKey primary(URI uri) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return new CacheKey(origin(scheme, authority), uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                : uri.getRawPath(), normalise(uri.getRawQuery()), "");
    }

    /** This key's variant for a secondary key. */
    public CacheKey variant(String secondaryKey) {
        return new CacheKey(origin, path, query, secondaryKey);
    }

    /** The primary key this key belongs to (itself for a primary key). */
    public CacheKey primaryKey() {
        return secondary.isEmpty() ? this : new CacheKey(origin, path, query, "");
    }

    public boolean isVariant() {
        return !secondary.isEmpty();
    }

    /** How many chars the key holds, for the cache's byte bound. */
    int length() {
        return origin.length() + path.length() + query.length() + secondary.length();
    }

    /** As {@code /actuator/labcache} lists it: {@code GET http://host/path?query}, a variant's secondary key after a space. */
    @Override
    public String toString() {
        String target = "GET " + origin + path + (query.isEmpty() ? "" : "?" + query);
        return secondary.isEmpty() ? target : target + " " + secondary;
    }

    /** {@code scheme://host[:port]}, lower-cased, the scheme's default port left out. */
    static String origin(String scheme, String authority) {
        String lower = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") && lower.endsWith(":80")) || (scheme.equals("https") && lower.endsWith(":443"))) {
            lower = lower.substring(0, lower.lastIndexOf(':'));
        }
        return scheme + "://" + lower;
    }

    private static String normalise(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        if (query.indexOf('&') < 0) {
            return query;
        }
        String[] parameters = query.split("&");
        // by name only, and stable: the values of a repeated name keep their order, which may matter
        Arrays.sort(parameters, Comparator.comparing(CacheKey::parameterName));
        StringBuilder normalised = new StringBuilder(query.length());
        for (String parameter : parameters) {
            if (!parameter.isEmpty()) {
                if (!normalised.isEmpty()) {
                    normalised.append('&');
                }
                normalised.append(parameter);
            }
        }
        return normalised.toString();
    }

    private static String parameterName(String parameter) {
        int equals = parameter.indexOf('=');
        return equals < 0 ? parameter : parameter.substring(0, equals);
    }
}
