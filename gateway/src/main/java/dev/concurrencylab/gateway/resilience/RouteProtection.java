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

    public RouteProtection(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, MeterRegistry meters) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.meters = meters;
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
