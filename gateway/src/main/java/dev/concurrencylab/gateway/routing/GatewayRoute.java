package dev.concurrencylab.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * One route, checked: requests whose path is {@code prefix} or lies under it go, with the prefix
 * stripped, to its {@link Target}.
 *
 * @param id the route's id (the key under {@code lab.gateway.routes})
 * @param prefix the path prefix without a trailing slash, e.g. {@code /mvc}
 * @param settings everything else the route was configured with
 * @param target where its requests go
 */
public record GatewayRoute(String id, String prefix, GatewayProperties.Route settings, Target target) {

    /** Where a route's requests go. */
    public sealed interface Target {

        /** {@code lb://<service>}: balanced over the service's discovered replicas. */
        record Service(String name) implements Target {
        }

        /** {@code http://host:port}: one origin, as configured. */
        record Origin(URI uri) implements Target {
        }
    }

    /** Checks one configured route; a missing or bad setting stops the gateway with a message naming it. */
    public static GatewayRoute of(String id, GatewayProperties.Route route) {
        String key = "lab.gateway.routes." + id;
        if (route.path() == null || !route.path().startsWith("/") || route.path().length() < 2
                || route.path().contains("?") || route.path().contains("*")) {
            throw new IllegalArgumentException(key + ".path must be a path prefix such as /mvc, was " + route.path());
        }
        URI uri = route.uri();
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(key + ".uri must be lb://<service> or http://host:port, was " + uri);
        }
        Duration timeout = route.timeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(key + ".timeout must be set to a positive duration (e.g. 15s); "
                    + "the gateway applies no default time limit silently");
        }
        if (route.attemptTimeout() != null && (route.attemptTimeout().isNegative() || route.attemptTimeout().isZero())) {
            throw new IllegalArgumentException(key + ".attempt-timeout must be a positive duration, was " + route.attemptTimeout());
        }
        if (route.concurrencyLimit() < 1) {
            throw new IllegalArgumentException(key + ".concurrency-limit must be at least 1, was " + route.concurrencyLimit());
        }
        if (route.retry().attempts() < 0 || route.retry().jitter() < 0 || route.retry().jitter() > 1) {
            throw new IllegalArgumentException(key + ".retry: attempts must be 0 or more and jitter within 0..1, was "
                    + route.retry().attempts() + " and " + route.retry().jitter());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Target target = switch (scheme) {
            case "lb" -> new Target.Service(uri.getHost());
            case "http" -> new Target.Origin(uri);
            default -> throw new IllegalArgumentException(key + ".uri must be lb://<service> or http://host:port "
                    + "(the gateway speaks plain HTTP to upstreams), was " + uri);
        };
        String prefix = route.path().endsWith("/") ? route.path().substring(0, route.path().length() - 1) : route.path();
        return new GatewayRoute(id, prefix, route, target);
    }

    /** Whether a request path (raw, without query) belongs to this route: the prefix itself or below it. */
    public boolean matches(String path) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** The request target sent upstream: the path without the prefix ({@code /} at least), and the query. */
    public String upstreamTarget(String path, String query) {
        String rest = path.length() == prefix.length() ? "/" : path.substring(prefix.length());
        return query == null ? rest : rest + '?' + query;
    }
}
