package dev.concurrencylab.gateway.resilience;

import java.time.Duration;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.proxy.UpstreamResponse;

/**
 * The most a request may take through a route until its answer's headers, retries included. On
 * expiry the attempt in flight is cancelled (its connection closed) and the client gets 504 at
 * once. Every route must state its limit; there is no default to fall back on silently. A body
 * that stalls later is cut off by the upstream client's idle timeout.
 */
public final class TimeLimit implements Upstream {

    private final Upstream next;
    private final String routeId;
    private final Duration limit;

    public TimeLimit(Upstream next, String routeId, Duration limit) {
        this.next = next;
        this.routeId = routeId;
        this.limit = limit;
    }

    @Override
    public Mono<UpstreamResponse> exchange(ProxyExchange exchange) {
        return next.exchange(exchange)
                .timeout(limit, Mono.error(() -> new RouteTimeoutException(routeId, limit)), exchange.loop().scheduler());
    }
}
