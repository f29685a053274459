package dev.concurrencylab.gateway.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.micrometer.core.instrument.Counter;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.proxy.Once;
import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.proxy.UpstreamResponse;

/**
 * Load shedding: at most {@code concurrency-limit} requests in flight on a route (a Resilience4j
 * semaphore bulkhead that never waits), each holding its permit until its answer is written. One
 * more fails at once with {@code BulkheadFullException}, answered 503 with Retry-After, instead of
 * joining a queue that grows without bound and times everyone out.
 */
public final class Shed implements Upstream {

    private final Upstream next;
    private final Bulkhead bulkhead;
    private final Counter shed;

    public Shed(Upstream next, Bulkhead bulkhead, Counter shed) {
        this.next = next;
        this.bulkhead = bulkhead;
        this.shed = shed;
    }

    @Override
    public Mono<UpstreamResponse> exchange(ProxyExchange exchange) {
        if (!bulkhead.tryAcquirePermission()) {
            shed.increment();
            return Mono.error(BulkheadFullException.createBulkheadFullException(bulkhead));
        }
        exchange.onEnd(new Once(bulkhead::onComplete));
        return next.exchange(exchange);
    }
}
