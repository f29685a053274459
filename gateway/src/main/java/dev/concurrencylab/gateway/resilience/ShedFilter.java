package dev.concurrencylab.gateway.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.micrometer.core.instrument.Counter;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Load shedding: at most {@code concurrency-limit} requests in flight on a route (a Resilience4j
 * semaphore bulkhead that never waits). One more fails at once with
 * {@code BulkheadFullException}, answered 503 with Retry-After, instead of joining a queue that
 * grows without bound and times everyone out.
 */
public final class ShedFilter implements GatewayFilter {

    private final Bulkhead bulkhead;
    private final Counter shed;

    public ShedFilter(Bulkhead bulkhead, Counter shed) {
        this.bulkhead = bulkhead;
        this.shed = shed;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange)
                .transformDeferred(BulkheadOperator.of(bulkhead))
                .doOnError(BulkheadFullException.class, full -> shed.increment());
    }
}
