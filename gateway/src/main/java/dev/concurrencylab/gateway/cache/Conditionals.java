package dev.concurrencylab.gateway.cache;

import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * A client's conditional GET/HEAD evaluated against a stored 200 (RFC 9110 §13.1.2, §13.1.3, RFC
 * 9111 §4.3.2): {@code If-None-Match} with weak comparison (and {@code *}), else
 * {@code If-Modified-Since} against Last-Modified (or Date without one).
 */
final class Conditionals {

    /** Fields of a 200 that a 304 leaves out (representation metadata; RFC 9110 §15.4.5). */
    private static final List<String> NOT_IN_304 = List.of(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.CONTENT_ENCODING, HttpHeaders.CONTENT_LANGUAGE, HttpHeaders.CONTENT_RANGE);

    private Conditionals() {
    }

    static boolean notModified(HttpHeaders request, CachedResponse stored) {
        if (stored.status != 200) {
            return false;
        }
        List<String> ifNoneMatch = request.get(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && !ifNoneMatch.isEmpty()) {
            for (String value : ifNoneMatch) {
                for (String tag : value.split(",")) {
                    String trimmed = tag.trim();
                    if (trimmed.equals("*") || (stored.etag != null && opaque(trimmed).equals(opaque(stored.etag)))) {
                        return true;
                    }
                }
            }
            return false;
        }
        long since = CachedResponse.date(request, HttpHeaders.IF_MODIFIED_SINCE);
        if (since < 0) {
            return false;
        }
        long lastModified = CachedResponse.date(stored.headers, HttpHeaders.LAST_MODIFIED);
        long modified = lastModified >= 0 ? lastModified : CachedResponse.date(stored.headers, HttpHeaders.DATE);
        return modified >= 0 && modified <= since;
    }

    /** Whether the request carries a validator of its own. */
    static boolean conditional(HttpHeaders request) {
        return request.containsHeader(HttpHeaders.IF_NONE_MATCH) || request.containsHeader(HttpHeaders.IF_MODIFIED_SINCE);
    }

    static void stripForNotModified(io.netty.handler.codec.http.HttpHeaders response) {
        NOT_IN_304.forEach(response::remove);
    }

    /** The opaque part of an entity tag, for weak comparison: {@code W/"x"} and {@code "x"} are equal. */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
