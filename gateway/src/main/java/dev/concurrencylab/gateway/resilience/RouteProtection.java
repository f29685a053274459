package dev.concurrencylab.gateway.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

import org.springframework.cloud.gateway.filter.GatewayFilter;

import dev.concurrencylab.gateway.cache.HttpCacheGatewayFilterFactory;
import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * Builds each route's protection filters from its settings, with their meters:
 * {@code lab.gateway.shed}, {@code lab.gateway.retries} (outcome retried or budget_exhausted),
 * and the Resilience4j registries' own (circuit state, bulkhead) bound by the configuration.
 */
public final class RouteProtection {

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final MeterRegistry meters;
    private final HttpCacheGatewayFilterFactory cache;

    public RouteProtection(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, MeterRegistry meters,
            HttpCacheGatewayFilterFactory cache) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.meters = meters;
        this.cache = cache;
    }

    /**
     * The route's {@code HttpCache} filter from {@code lab.gateway.routes.<id>.cache.*}, or null
     * when the route does not cache. It orders itself outermost (see the filter's order), so a hit
     * passes none of the protections below.
     */
    public GatewayFilter cacheFilterFor(String routeId, GatewayProperties.Route route) {
        GatewayProperties.RouteCache settings = route.cache();
        if (!settings.enabled()) {
            return null;
        }
        HttpCacheGatewayFilterFactory.Config config = new HttpCacheGatewayFilterFactory.Config()
                .setPaths(settings.paths())
                .setDefaultTtl(settings.defaultTtl())
                .setStaleWhileRevalidate(settings.staleWhileRevalidate())
                .setStaleIfError(settings.staleIfError());
        config.setRouteId(routeId);
        return cache.apply(config);
    }

    /** Outermost first: shed, circuit breaker, time limit, retry. */
    public GatewayFilter[] filtersFor(String routeId, GatewayProperties.Route route) {
        Bulkhead bulkhead = bulkheads.bulkhead(routeId, BulkheadConfig.custom()
                .maxConcurrentCalls(route.concurrencyLimit())
                .maxWaitDuration(Duration.ZERO)
                .build());
        GatewayProperties.CircuitBreaker breaker = route.circuitBreaker();
        var circuitBreaker = circuitBreakers.circuitBreaker(routeId, CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .waitDurationInOpenState(breaker.waitInOpen())
                .build());
        GatewayProperties.Retry retry = route.retry();
        return new GatewayFilter[] {
            new ShedFilter(bulkhead, counter("lab.gateway.shed", routeId, "Requests answered 503 at the concurrency limit")),
            new BreakerFilter(circuitBreaker),
            new TimeLimitFilter(routeId, route.timeout()),
            new IdempotentRetryFilter(retry,
                    new RetryBudget(retry.budgetRatio(), retry.budgetMinPerSecond(), System::currentTimeMillis),
                    retries(routeId, "retried"), retries(routeId, "budget_exhausted"))
        };
    }

    private Counter counter(String name, String routeId, String description) {
        return Counter.builder(name).description(description).tag("route", routeId).register(meters);
    }

    private Counter retries(String routeId, String outcome) {
        return Counter.builder("lab.gateway.retries").description("Retries of idempotent requests, by outcome")
                .tag("route", routeId).tag("outcome", outcome).register(meters);
    }
}
