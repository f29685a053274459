package dev.concurrencylab.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import dev.concurrencylab.gateway.headers.HopByHop;
import dev.concurrencylab.gateway.headers.RequestIds;

/**
 * Writes an upstream's answer to the client: its status and headers without the hop-by-hop ones,
 * the request's {@code X-Request-Id}, the replica that served it (the served-by header), how the
 * cache handled it ({@code X-Cache}), then the body as it streams. The headers go out with the
 * first body bytes, so a body stage may still change the status before (the cache answering 304).
 */
public final class ResponseWriter {

    /** The {@code X-Cache} header of cached routes. */
    public static final String X_CACHE = "X-Cache";

    private final String servedByHeader;

    /** @param servedByHeader the header naming the replica that served a request; empty: none */
    public ResponseWriter(String servedByHeader) {
        this.servedByHeader = servedByHeader;
    }

    public Mono<Void> write(ProxyExchange exchange, UpstreamResponse upstream, Publisher<ByteBuf> body) {
        HttpServerResponse response = exchange.response();
        HttpHeaders headers = response.responseHeaders();
        headers.set(upstream.headers());
        HopByHop.remove(headers);
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && mayHaveBody(exchange, upstream.status())) {
            // a body of unknown length goes out chunked, never delimited by closing the connection,
            // so a client can tell a body cut short from a whole one
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        markExchange(exchange, headers);
        return response.status(upstream.status()).send(brokenOffOnError(response, body)).then();
    }

    /**
     * A body that fails half-way (the upstream stalled or broke) must not reach the client as if
     * complete: Reactor Netty would end a chunked response properly before closing. Closing the
     * connection first leaves the client a response it can tell is cut short.
     */
    private static Publisher<ByteBuf> brokenOffOnError(HttpServerResponse response, Publisher<ByteBuf> body) {
        return Flux.from(body).doOnError(failure -> response.withConnection(connection -> connection.channel().close()));
    }

    private static boolean mayHaveBody(ProxyExchange exchange, int status) {
        return status >= 200 && status != 204 && status != 304 && !HttpMethod.HEAD.equals(exchange.method());
    }

    /** Sets what the gateway says about every response of an exchange: its id, replica and cache result. */
    public void markExchange(ProxyExchange exchange, HttpHeaders headers) {
        headers.set(RequestIds.HEADER, exchange.requestId());
        if (!servedByHeader.isEmpty() && exchange.servedBy() != null) {
            headers.set(servedByHeader, exchange.servedBy().id());
        }
        if (exchange.cacheResult() != null) {
            headers.set(X_CACHE, exchange.cacheResult());
        }
    }
}
