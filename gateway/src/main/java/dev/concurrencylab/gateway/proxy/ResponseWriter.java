package dev.concurrencylab.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.ReferenceCountUtil;

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

    /** Bodies up to this many bytes of a stated length go out with their headers in one write. */
    static final int ONE_WRITE_MAX = 64 * 1024;

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
        boolean mayHaveBody = mayHaveBody(exchange, upstream.status());
        if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH) && mayHaveBody) {
            // a body of unknown length goes out chunked, never delimited by closing the connection,
            // so a client can tell a body cut short from a whole one
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        markExchange(exchange, headers);
        response.status(upstream.status());
        if (mayHaveBody && isSmall(headers)) {
            return response.send(whole(brokenOffOnError(response, body))).then();
        }
        return response.send(brokenOffOnError(response, body)).then();
    }

    /**
     * A body of a known length of at most {@link #ONE_WRITE_MAX} (most answers) is gathered and
     * written with the headers in one write, as nginx's proxy buffers do: streamed, the headers
     * and each chunk are flushed apart, a system call each. Such a body comes in one or two reads,
     * so gathering it delays nothing a client could see.
     */
    private static boolean isSmall(HttpHeaders headers) {
        // the upstream's Content-Length was checked by Netty's decoder: digits only, or the answer failed
        Integer length = headers.getInt(HttpHeaderNames.CONTENT_LENGTH);
        return length != null && length <= ONE_WRITE_MAX;
    }

    /** The body's buffers as one (owning them); released if the body fails or is cancelled half-way. */
    private static Mono<ByteBuf> whole(Publisher<ByteBuf> body) {
        return Flux.from(body)
                .collectList()
                .<ByteBuf>map(parts -> parts.size() == 1 ? parts.getFirst() : Unpooled.wrappedBuffer(parts.toArray(ByteBuf[]::new)))
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease);
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
