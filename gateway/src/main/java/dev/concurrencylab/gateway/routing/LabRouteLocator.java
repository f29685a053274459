package dev.concurrencylab.gateway.routing;

import java.time.Duration;
import java.util.Map;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;

import reactor.core.publisher.Flux;

import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.resilience.RouteProtection;

/**
 * Turns {@code lab.gateway.routes.*} into Spring Cloud Gateway routes: requests under
 * {@code path} lose that prefix and go to {@code uri}, through the route's protections in this
 * order, outermost first: the response cache (if {@code cache.enabled}), shed (concurrency
 * limit), circuit breaker, time limit, retry. So a cache hit and a shed request cost nothing, a
 * timeout counts against the breaker, and retries stay within the time limit. Each route is checked when the gateway starts: a missing path, uri or time limit stops
 * it with a message naming the route.
 */
public final class LabRouteLocator implements RouteLocator {

    private final RouteLocator routes;

    public LabRouteLocator(RouteLocatorBuilder builder, GatewayProperties properties, RouteProtection protection) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (Map.Entry<String, GatewayProperties.Route> entry : properties.routes().entrySet()) {
            String id = entry.getKey();
            GatewayProperties.Route route = validate(id, entry.getValue());
            String prefix = route.path().endsWith("/") ? route.path().substring(0, route.path().length() - 1) : route.path();
            int segments = (int) prefix.chars().filter(c -> c == '/').count();
            GatewayFilter[] filters = protection.filtersFor(id, route);
            GatewayFilter cache = protection.cacheFilterFor(id, route);
            routes.route(id, spec -> spec.path(prefix, prefix + "/**")
                    .filters(f -> {
                        if (cache != null) {
                            f.filter(cache);
                        }
                        f.stripPrefix(segments);
                        for (int i = 0; i < filters.length; i++) {
                            f.filter(new OrderedGatewayFilter(filters[i], i + 1));
                        }
                        return f;
                    })
                    .uri(route.uri()));
        }
        this.routes = routes.build();
    }

    private static GatewayProperties.Route validate(String id, GatewayProperties.Route route) {
        String key = "lab.gateway.routes." + id;
        if (route.path() == null || !route.path().startsWith("/") || route.path().length() < 2) {
            throw new IllegalArgumentException(key + ".path must be a path prefix such as /mvc, was " + route.path());
        }
        if (route.uri() == null || route.uri().getScheme() == null || route.uri().getHost() == null) {
            throw new IllegalArgumentException(key + ".uri must be lb://<service> or http://host:port, was " + route.uri());
        }
        Duration timeout = route.timeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(key + ".timeout must be set to a positive duration (e.g. 15s); "
                    + "the gateway applies no default time limit silently");
        }
        if (route.concurrencyLimit() < 1) {
            throw new IllegalArgumentException(key + ".concurrency-limit must be at least 1, was " + route.concurrencyLimit());
        }
        return route;
    }

    @Override
    public Flux<Route> getRoutes() {
        return routes.getRoutes();
    }
}
