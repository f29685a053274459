package dev.concurrencylab.gateway.proxy;

import reactor.core.publisher.Mono;

/** Answers the requests of one route: forwards them ({@link Forwarding}), or serves them through the cache. */
@FunctionalInterface
public interface RouteHandler {

    /** Writes the exchange's response; fails (before writing) with what the gateway answers as a problem. */
    Mono<Void> handle(ProxyExchange exchange);
}
