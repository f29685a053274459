package dev.concurrencylab.gateway.cache;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.ResponseWriter;

/**
 * Writes a stored response to the client: its status and stored headers (prepared in Netty's form,
 * {@link WireHeaders}) with {@code Age}, {@code X-Cache} and the request's id; the stored body
 * wrapped, not copied; a 304 when the client's own validators match; no body for HEAD.
 */
final class StoredResponseWriter {

    private final ResponseWriter marks;

    StoredResponseWriter(ResponseWriter marks) {
        this.marks = marks;
    }

    Mono<Void> write(ProxyExchange exchange, CachedResponse stored, CacheResult result, long now) {
        stored.meters.count(result);
        exchange.cacheResult(result.header);
        HttpServerResponse response = exchange.response();
        HttpHeaders headers = response.responseHeaders();
        headers.clear();
        stored.wireHeaders.setOn(headers, stored.headers);
        headers.set(HttpHeaderNames.AGE, stored.ageHeader(now));
        marks.markExchange(exchange, headers);
        if (Conditionals.notModified(exchange.clientHeadersView(), stored)) {
            Conditionals.stripForNotModified(headers);
            return response.status(304).send().then();
        }
        response.status(stored.status);
        if (HttpMethod.HEAD.equals(exchange.method())) {
            return response.send().then();
        }
        return response.send(Mono.just(Unpooled.wrappedBuffer(stored.body))).then();
    }
}
