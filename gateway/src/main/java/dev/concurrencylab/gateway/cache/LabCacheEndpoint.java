package dev.concurrencylab.gateway.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

import dev.concurrencylab.common.problem.ProblemTypes;

/**
 * {@code /actuator/labcache} on the management port: {@code GET} shows the cache (on or off,
 * entries, bytes used and bound, some keys); {@code DELETE} purges all of it, or with one selector:
 * {@code ?key=} one key exactly as GET lists it, {@code ?uri=} the responses of one absolute URL as
 * clients send it ({@code http://host:8080/mvc/products/1}), {@code ?prefix=} every response whose
 * path starts with it ({@code /mvc/products/}). A malformed selector is a 400 problem+json and
 * purges nothing.
 */
@Endpoint(id = "labcache")
public final class LabCacheEndpoint {

    private static final MimeType PROBLEM = MimeType.valueOf("application/problem+json");
    private static final int LISTED_KEYS = 100;

    private final ResponseCache cache;

    public LabCacheEndpoint(ResponseCache cache) {
        this.cache = cache;
    }

    @ReadOperation
    public Map<String, Object> show() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("enabled", cache.enabled());
        state.put("entries", cache.entries());
        state.put("bytes", cache.bytes());
        state.put("maxBytes", cache.settings().maxBytes().toBytes());
        state.put("maxEntryBytes", cache.settings().maxEntryBytes().toBytes());
        state.put("keys", cache.keys(LISTED_KEYS));
        return state;
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> purge(@Nullable String key, @Nullable String uri, @Nullable String prefix) {
        int selectors = (key == null ? 0 : 1) + (uri == null ? 0 : 1) + (prefix == null ? 0 : 1);
        if (selectors > 1) {
            return invalid("Give at most one of key, uri and prefix");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (key != null) {
            URI listed = key.startsWith("GET ") ? absolute(key.substring(4).split(" ", 2)[0]) : null;
            if (listed == null) {
                return invalid("key must be a cache key as GET /actuator/labcache lists it (GET <scheme>://<host><path>), was " + key);
            }
            cache.invalidate(CacheKey.primary(listed));
            result.put("purged", "key");
        } else if (uri != null) {
            URI parsed = absolute(uri);
            if (parsed == null) {
                return invalid("uri must be an absolute http(s) URL such as http://localhost:8080/mvc/products/1, was " + uri);
            }
            cache.invalidate(CacheKey.primary(parsed));
            result.put("purged", "uri");
        } else if (prefix != null) {
            if (!prefix.startsWith("/")) {
                return invalid("prefix must be a path prefix starting with /, was " + prefix);
            }
            result.put("purged", "prefix");
            result.put("removed", cache.invalidatePathPrefix(prefix));
        } else {
            cache.invalidateAll();
            result.put("purged", "all");
        }
        result.put("entries", cache.entries());
        return new WebEndpointResponse<>(result, 200);
    }

    private static URI absolute(String uri) {
        try {
            URI parsed = new URI(uri);
            boolean http = "http".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme());
            return http && parsed.getHost() != null ? parsed : null;
        } catch (URISyntaxException malformed) {
            return null;
        }
    }

    private static WebEndpointResponse<Map<String, Object>> invalid(String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.PREFIX + "invalid-cache-selector");
        problem.put("title", "Invalid cache selector");
        problem.put("status", 400);
        problem.put("detail", detail);
        problem.put("instance", "/actuator/labcache");
        return new WebEndpointResponse<>(problem, 400, PROBLEM);
    }
}
