package dev.concurrencylab.gateway.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;

import org.springframework.http.support.Netty4HeadersAdapter;

import reactor.core.publisher.Flux;
import reactor.netty.Connection;

/**
 * An upstream's answer as soon as its status and headers arrived, its body still to come: so the
 * gateway decides at the headers whether to retry, store or write it. Whoever takes it either
 * streams {@link #body()} or {@link #discard()}s it; either way the connection goes back to the
 * pool or is closed, and the attempt's end action runs once.
 */
public final class UpstreamResponse {

    private final int status;
    private final HttpHeaders headers;
    private final Flux<ByteBuf> body;
    private final Connection connection;
    private final Runnable ended;
    private org.springframework.http.HttpHeaders springHeaders;

    public UpstreamResponse(int status, HttpHeaders headers, Flux<ByteBuf> body, Connection connection, Runnable ended) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.connection = connection;
        this.ended = new Once(ended);
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The headers as Spring's type, a view without copying. */
    public org.springframework.http.HttpHeaders headersView() {
        if (springHeaders == null) {
            springHeaders = new org.springframework.http.HttpHeaders(new Netty4HeadersAdapter(headers));
        }
        return springHeaders;
    }

    /** The body, once; each buffer is the subscriber's to release. */
    public Flux<ByteBuf> body() {
        return body.doFinally(signal -> ended.run());
    }

    /** Drops the body unread: closes the connection (a retry, or an answer the cache replaces). */
    public void discard() {
        connection.dispose();
        ended.run();
    }

    /** Reads and releases the body (a 304's, usually empty), so the connection can be pooled again. */
    public void drain() {
        body().subscribe(ByteBuf::release, failure -> { });
    }

    /** The same answer with one more end action. */
    public UpstreamResponse onEnd(Runnable more) {
        Runnable first = ended;
        return new UpstreamResponse(status, headers, body, connection, () -> {
            first.run();
            more.run();
        });
    }
}
