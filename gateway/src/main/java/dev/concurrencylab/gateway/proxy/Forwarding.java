package dev.concurrencylab.gateway.proxy;

import reactor.core.publisher.Mono;

/** A route without cache: every request goes upstream, and the answer streams back as it comes. */
public final class Forwarding implements RouteHandler {

    private final Upstream upstream;
    private final ResponseWriter writer;

    public Forwarding(Upstream upstream, ResponseWriter writer) {
        this.upstream = upstream;
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ProxyExchange exchange) {
        return upstream.exchange(exchange).flatMap(response -> writer.write(exchange, response, response.body()));
    }
}
