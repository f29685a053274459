package dev.concurrencylab.gateway.resilience;

import java.time.Duration;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The most a request may take through a route, retries included. On expiry the upstream
 * exchange is cancelled (its connection released) and the client gets 504 at once. Every route
 * must state its limit; there is no default to fall back on silently.
 */
public final class TimeLimitFilter implements GatewayFilter {

    private final String routeId;
    private final Duration limit;

    public TimeLimitFilter(String routeId, Duration limit) {
        this.routeId = routeId;
        this.limit = limit;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).timeout(limit, Mono.error(() -> new RouteTimeoutException(routeId, limit)));
    }
}
