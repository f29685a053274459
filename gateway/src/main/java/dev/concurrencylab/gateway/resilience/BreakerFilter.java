package dev.concurrencylab.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * A Resilience4j circuit breaker per route. Besides errors (refused connections, time limit), an
 * upstream's 5xx answer counts as a failure: Resilience4j's reactive operator only sees errors,
 * and a proxied 503 is a completed exchange, so the outcome is recorded here by hand. While open,
 * requests fail at once with {@code CallNotPermittedException} (503 with Retry-After).
 */
public final class BreakerFilter implements GatewayFilter {

    private final CircuitBreaker circuitBreaker;

    public BreakerFilter(CircuitBreaker circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return Mono.defer(() -> {
            if (!circuitBreaker.tryAcquirePermission()) {
                return Mono.error(CallNotPermittedException.createCallNotPermittedException(circuitBreaker));
            }
            long start = circuitBreaker.getCurrentTimestamp();
            return chain.filter(exchange)
                    .doOnSuccess(done -> {
                        HttpStatusCode status = exchange.getResponse().getStatusCode();
                        long elapsed = circuitBreaker.getCurrentTimestamp() - start;
                        if (status != null && status.is5xxServerError()) {
                            circuitBreaker.onError(elapsed, circuitBreaker.getTimestampUnit(),
                                    new UpstreamErrorStatus(status.value()));
                        } else {
                            circuitBreaker.onSuccess(elapsed, circuitBreaker.getTimestampUnit());
                        }
                    })
                    .doOnError(failure -> circuitBreaker.onError(circuitBreaker.getCurrentTimestamp() - start,
                            circuitBreaker.getTimestampUnit(), failure))
                    .doOnCancel(circuitBreaker::releasePermission);
        });
    }

    /** An upstream's 5xx answer, as the failure the circuit breaker counts. */
    static final class UpstreamErrorStatus extends RuntimeException {

        UpstreamErrorStatus(int status) {
            super("upstream answered " + status, null, false, false);
        }
    }
}
