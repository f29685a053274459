package dev.concurrencylab.gateway.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * {@code GET /actuator/labroutes} (management port, read-only): every route as the gateway runs it,
 * longest prefix first: path, upstream, balancing, time limits, concurrency limit, retry, circuit
 * breaker and cache settings.
 */
@Endpoint(id = "labroutes")
public final class LabRoutesEndpoint {

    private final RouteTable routes;

    public LabRoutesEndpoint(RouteTable routes) {
        this.routes = routes;
    }

    @ReadOperation
    public Map<String, Object> routes() {
        List<Map<String, Object>> shown = routes.all().stream().map(LabRoutesEndpoint::describe).toList();
        return Map.of("routes", shown);
    }

    private static Map<String, Object> describe(GatewayRoute route) {
        GatewayProperties.Route settings = route.settings();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", route.id());
        shown.put("path", route.prefix());
        shown.put("uri", settings.uri().toString());
        shown.put("balancing", settings.balancing().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        shown.put("timeout", settings.timeout().toString());
        shown.put("attemptTimeout", settings.attemptTimeoutOrRoute().toString());
        shown.put("concurrencyLimit", settings.concurrencyLimit());
        shown.put("retryAfter", settings.retryAfter().toString());
        GatewayProperties.Retry retry = settings.retry();
        shown.put("retry", Map.of("attempts", retry.attempts(), "budgetRatio", retry.budgetRatio(),
                "budgetMinPerSecond", retry.budgetMinPerSecond()));
        GatewayProperties.CircuitBreaker breaker = settings.circuitBreaker();
        shown.put("circuitBreaker", Map.of("failureRateThreshold", breaker.failureRateThreshold(),
                "slidingWindowSize", breaker.slidingWindowSize(), "minimumCalls", breaker.minimumCalls(),
                "waitInOpen", breaker.waitInOpen().toString()));
        GatewayProperties.RouteCache cache = settings.cache();
        Map<String, Object> cacheShown = new LinkedHashMap<>();
        cacheShown.put("enabled", cache.enabled());
        cacheShown.put("paths", cache.paths());
        shown.put("cache", cacheShown);
        return shown;
    }
}
