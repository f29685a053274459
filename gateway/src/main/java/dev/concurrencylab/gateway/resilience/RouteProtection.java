package dev.concurrencylab.gateway.resilience;

import java.time.Clock;
import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.proxy.RequestBodyTimeoutException;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.routing.GatewayRoute;
import dev.concurrencylab.gateway.support.Failures;

/**
 * Wraps a route's attempts in its protections, outermost first: shed (concurrency limit), circuit
 * breaker, time limit, retry. So a shed request costs nothing, a timeout counts against the
 * breaker, and retries stay within the time limit. Meters: {@code lab.gateway.shed},
 * {@code lab.gateway.retries} (outcome retried or budget_exhausted), and the Resilience4j
 * registries' own (circuit state, bulkhead).
 */
public final class RouteProtection {

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final MeterRegistry meters;
    private final Clock clock;

    public RouteProtection(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads, MeterRegistry meters,
            Clock clock) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.meters = meters;
        this.clock = clock;
    }

    public Upstream protect(GatewayRoute route, Upstream attempts) {
        String id = route.id();
        GatewayProperties.Route settings = route.settings();
        Bulkhead bulkhead = bulkheads.bulkhead(id, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.concurrencyLimit())
                .maxWaitDuration(Duration.ZERO)
                .build());
        GatewayProperties.CircuitBreaker breaker = settings.circuitBreaker();
        var circuitBreaker = circuitBreakers.circuitBreaker(id, CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .waitDurationInOpenState(breaker.waitInOpen())
                // a client that stops sending its body says nothing about the upstream
                .ignoreException(failure -> Failures.causedBy(failure, RequestBodyTimeoutException.class))
                .build());
        GatewayProperties.Retry retry = settings.retry();
        Upstream retried = new IdempotentRetry(attempts, retry,
                new RetryBudget(retry.budgetRatio(), retry.budgetMinPerSecond(), clock::millis),
                retries(id, "retried"), retries(id, "budget_exhausted"));
        Upstream limited = new TimeLimit(retried, id, settings.timeout());
        Upstream broken = new Breaker(limited, circuitBreaker, id, breaker.waitInOpen(), settings.retryAfter(), clock);
        return new Shed(broken, bulkhead, Counter.builder("lab.gateway.shed")
                .description("Requests answered 503 at the concurrency limit").tag("route", id).register(meters));
    }

    private Counter retries(String routeId, String outcome) {
        return Counter.builder("lab.gateway.retries").description("Retries of idempotent requests, by outcome")
                .tag("route", routeId).tag("outcome", outcome).register(meters);
    }
}
