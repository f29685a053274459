package dev.concurrencylab.gateway.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutHandler;

import org.springframework.beans.factory.DisposableBean;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * The gateway's HTTP client to replicas and origins: Reactor Netty's, with pooled keep-alive
 * connections. Answers at the response's headers ({@link UpstreamResponse}); the body follows as
 * it streams.
 *
 * <p>One pool and one client per event loop, each connecting on its own loop: a request is sent
 * upstream on a connection of the loop its client's connection runs on, so a proxied request
 * never leaves its thread. Reactor Netty's one pool hands any idle connection to any loop; then
 * the request is written, and the answer read, on another thread than the client's, and every
 * crossing wakes that thread (two per request, half of all requests on two loops). The
 * connection limit is shared out among the loops.
 */
public final class UpstreamClient implements DisposableBean {

    private static final String BODY_IDLE = "lab.upstreamBodyIdle";

    private final GatewayProperties.Upstream settings;
    private final int maxConnectionsPerLoop;
    private final Map<EventLoop, LoopClient> clients = new ConcurrentHashMap<>();
    private final long bodyIdleMillis;

    /** One loop's pool and the client that connects on that loop. */
    private record LoopClient(ConnectionProvider pool, HttpClient client) {
    }

    /**
     * No response timeout of Reactor Netty's: the wait for an answer's headers is bounded by the
     * route's time limit and attempt timeout, which every route states (a second, client-wide
     * timer would cost a handler added to and removed from the connection's pipeline, and a
     * scheduled task, on every request, for nothing).
     */
    public UpstreamClient(GatewayProperties.Upstream settings) {
        this.settings = settings;
        this.maxConnectionsPerLoop = Math.ceilDiv(settings.maxConnections(), LoopResources.DEFAULT_IO_WORKER_COUNT);
        this.bodyIdleMillis = settings.bodyIdleTimeout().toMillis();
    }

    /**
     * Sends the exchange to {@code baseUri} ({@code http://host:port}) with its upstream headers,
     * Host set to that authority, on its loop's pool. {@code ended} runs once when the answer's
     * body is over or dropped.
     */
    public Mono<UpstreamResponse> send(ProxyExchange exchange, String baseUri, String authority, Runnable ended) {
        var headers = exchange.upstreamHeaders();
        return clientOn(exchange.loop().eventLoop()).request(exchange.method())
                .uri(baseUri + exchange.upstreamTarget())
                .send((request, outbound) -> {
                    request.requestHeaders().set(headers).set(HttpHeaderNames.HOST, authority);
                    return exchange.hasBody() ? outbound.send(exchange.body()) : outbound;
                })
                .responseConnection((response, connection) -> {
                    // the route's timers cover the wait for the headers; this, the body that follows
                    connection.addHandlerFirst(BODY_IDLE, new ReadTimeoutHandler(bodyIdleMillis, TimeUnit.MILLISECONDS));
                    return Mono.just(new UpstreamResponse(response.status().code(), response.responseHeaders(),
                            connection.inbound().receive().retain(), connection, ended));
                })
                .next();
    }

    private HttpClient clientOn(EventLoop loop) {
        LoopClient known = clients.get(loop);
        return (known != null ? known : clients.computeIfAbsent(loop, this::newClient)).client();
    }

    private LoopClient newClient(EventLoop loop) {
        ConnectionProvider pool = ConnectionProvider.builder("lab-upstream-" + clients.size())
                .maxConnections(maxConnectionsPerLoop)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(settings.maxIdleTime())
                .build();
        HttpClient client = HttpClient.create(pool)
                .runOn(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .keepAlive(true);
        return new LoopClient(pool, client);
    }

    @Override
    public void destroy() {
        clients.values().forEach(loopClient -> loopClient.pool().dispose());
    }
}
