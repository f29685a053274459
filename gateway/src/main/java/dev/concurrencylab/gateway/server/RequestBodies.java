package dev.concurrencylab.gateway.server;

import java.time.Duration;

import io.netty.buffer.ByteBuf;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.proxy.RequestBodyTimeoutException;

/**
 * A client's request body as it streams on to the upstream, bounded: each chunk must come within
 * {@code read-timeout} of the one before, and the whole body within {@code request-timeout} (a
 * client that trickles a byte at a time never pauses long, and would hold its request for ever).
 * Past either it fails with {@link RequestBodyTimeoutException}.
 * <p>
 * Why not Reactor Netty's own {@code HttpServer.readTimeout}/{@code requestTimeout}: those arm a
 * handler and a scheduled task for every request, bodies or not, and stop them when Reactor Netty
 * reads the end of the request. An answer written before that (a cache hit, a problem: written
 * at once, while the end of a GET is still in the read buffer) leaves them armed, and the request
 * held in memory, for the whole request timeout: a heap's worth at cache-hit rates. Here only a
 * body has timers, and they end with it.
 */
final class RequestBodies {

    private final Duration readTimeout;
    private final Duration requestTimeout;

    RequestBodies(GatewayProperties.Server settings) {
        this.readTimeout = settings.readTimeout();
        this.requestTimeout = settings.requestTimeout();
    }

    /** The body of {@code request}, each chunk retained for the upstream that sends it on. */
    Flux<ByteBuf> of(HttpServerRequest request) {
        Flux<ByteBuf> body = request.receive().retain();
        return Flux.defer(() -> {
            long deadline = System.nanoTime() + requestTimeout.toNanos();
            return body.timeout(nextChunk(deadline), chunk -> nextChunk(deadline));
        });
    }

    /**
     * Fails at the read timeout, or at the deadline of the whole body if that comes first (a
     * timeout publisher's error is what {@code Flux.timeout} passes on).
     */
    private Mono<Long> nextChunk(long deadline) {
        long left = deadline - System.nanoTime();
        if (left < readTimeout.toNanos()) {
            return Mono.delay(Duration.ofNanos(Math.max(left, 0)))
                    .then(Mono.error(() -> new RequestBodyTimeoutException("took in all", requestTimeout)));
        }
        return Mono.delay(readTimeout).then(Mono.error(() -> new RequestBodyTimeoutException("paused", readTimeout)));
    }
}
