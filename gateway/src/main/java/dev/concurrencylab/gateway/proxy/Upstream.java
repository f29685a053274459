package dev.concurrencylab.gateway.proxy;

import reactor.core.publisher.Mono;

/**
 * Sends an exchange upstream and gives the answer at its headers. The attempt on one replica is
 * one; each protection of a route (shed, breaker, time limit, retry) wraps another around it.
 */
@FunctionalInterface
public interface Upstream {

    Mono<UpstreamResponse> exchange(ProxyExchange exchange);
}
