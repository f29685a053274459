package dev.concurrencylab.gateway.proxy;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutHandler;

import org.springframework.beans.factory.DisposableBean;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * The gateway's one HTTP client to replicas and origins: Reactor Netty's, on the event loops the
 * server runs on (so a proxied request stays on one loop), with pooled keep-alive connections.
 * Answers at the response's headers ({@link UpstreamResponse}); the body follows as it streams.
 */
public final class UpstreamClient implements DisposableBean {

    private static final String BODY_IDLE = "lab.upstreamBodyIdle";

    private final ConnectionProvider pool;
    private final HttpClient client;
    private final long bodyIdleMillis;

    /**
     * No response timeout of Reactor Netty's: the wait for an answer's headers is bounded by the
     * route's time limit and attempt timeout, which every route states (a second, client-wide
     * timer would cost a handler added to and removed from the connection's pipeline, and a
     * scheduled task, on every request, for nothing).
     */
    public UpstreamClient(GatewayProperties.Upstream settings) {
        this.pool = ConnectionProvider.builder("lab-upstream")
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(settings.maxIdleTime())
                .build();
        this.client = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .keepAlive(true);
        this.bodyIdleMillis = settings.bodyIdleTimeout().toMillis();
    }

    /**
     * Sends the exchange to {@code baseUri} ({@code http://host:port}) with its upstream headers,
     * Host set to that authority. {@code ended} runs once when the answer's body is over or dropped.
     */
    public Mono<UpstreamResponse> send(ProxyExchange exchange, String baseUri, String authority, Runnable ended) {
        var headers = exchange.upstreamHeaders();
        return client.request(exchange.method())
                .uri(baseUri + exchange.upstreamTarget())
                .send((request, outbound) -> {
                    request.requestHeaders().set(headers).set(HttpHeaderNames.HOST, authority);
                    return exchange.hasBody() ? outbound.send(exchange.body()) : outbound;
                })
                .responseConnection((response, connection) -> {
                    // the response timeout covers the wait for the headers; this, the body that follows
                    connection.addHandlerFirst(BODY_IDLE, new ReadTimeoutHandler(bodyIdleMillis, TimeUnit.MILLISECONDS));
                    return Mono.just(new UpstreamResponse(response.status().code(), response.responseHeaders(),
                            connection.inbound().receive().retain(), connection, ended));
                })
                .next();
    }

    @Override
    public void destroy() {
        pool.dispose();
    }
}
