package dev.concurrencylab.gateway.resilience;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.balancing.ReplicaBalancer;
import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.support.Failures;

/**
 * Retries a request on another replica, only when that is safe and useful:
 * <ul>
 * <li>only GET and HEAD (idempotent by RFC 9110; a POST is never sent twice);</li>
 * <li>only after a transport failure (refused or broken connection) or a 502/503 answer;</li>
 * <li>only while the request has an untried replica (the balancer excludes tried ones);</li>
 * <li>after a jittered, exponentially growing backoff, and only within the route's
 * {@link RetryBudget}.</li>
 * </ul>
 * Why not Spring Cloud Gateway's Retry filter: it has no budget and may retry on the same
 * replica. Its exchange reset is reused, so routing runs afresh for each attempt.
 */
public final class IdempotentRetryFilter implements GatewayFilter {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final Set<Integer> RETRYABLE_STATUSES = Set.of(502, 503);

    private final GatewayProperties.Retry settings;
    private final RetryBudget budget;
    private final Counter retried;
    private final Counter denied;

    public IdempotentRetryFilter(GatewayProperties.Retry settings, RetryBudget budget, Counter retried, Counter denied) {
        this.settings = settings;
        this.budget = budget;
        this.retried = retried;
        this.denied = denied;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        budget.deposit();
        if (settings.attempts() == 0 || !IDEMPOTENT.contains(exchange.getRequest().getMethod())) {
            return chain.filter(exchange);
        }
        return attempt(exchange, chain, 1);
    }

    /**
     * One attempt, and the decision about a retry once it is over. Only this attempt's own failure
     * is looked at: the retry runs after the error handler, so a later attempt's failure can
     * never be taken for this one's and earn a retry the attempt limit does not allow.
     */
    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, int attempt) {
        return chain.filter(exchange)
                .thenReturn(false)
                .onErrorResume(failure -> Failures.isTransportFailure(failure) && mayRetry(exchange, attempt),
                        retryableFailure -> Mono.just(true))
                .flatMap(transportFailed -> transportFailed || (retryableStatus(exchange) && mayRetry(exchange, attempt))
                        ? retry(exchange, chain, attempt)
                        : Mono.<Void>empty());
    }

    private Mono<Void> retry(ServerWebExchange exchange, GatewayFilterChain chain, int attempt) {
        retried.increment();
        ServerWebExchangeUtils.reset(exchange);
        exchange.getResponse().setStatusCode(null);
        return Mono.delay(backoff(attempt)).then(Mono.defer(() -> attempt(exchange, chain, attempt + 1)));
    }

    private boolean mayRetry(ServerWebExchange exchange, int attempt) {
        Integer untried = exchange.getAttribute(ReplicaBalancer.UNTRIED_REPLICAS_ATTR);
        if (attempt > settings.attempts() || untried == null || untried < 1) {
            return false;
        }
        if (!budget.tryWithdraw()) {
            denied.increment();
            return false;
        }
        return true;
    }

    private static boolean retryableStatus(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null && RETRYABLE_STATUSES.contains(status.value());
    }

    /** first-backoff x 2^(attempt-1), at most max-backoff, then +/- jitter x itself at random. */
    private Duration backoff(int attempt) {
        long base = Math.min(settings.maxBackoff().toNanos(),
                settings.firstBackoff().toNanos() << Math.min(attempt - 1, 20));
        long spread = (long) (base * settings.jitter());
        long jittered = base - spread + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * spread + 1));
        return Duration.ofNanos(Math.max(0, jittered));
    }
}
