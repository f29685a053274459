package dev.concurrencylab.gateway.server;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import reactor.netty.http.server.HttpServer;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * Bounds every client connection of the traffic port: a connection that sends nothing for
 * {@code idle-timeout} (between requests, or after sending part of one: a slow or malicious
 * client holding connections open) is closed. Request bodies are bounded where they stream, by
 * {@link RequestBodies}, which says why not here.
 */
final class ServerTimeouts implements NettyServerCustomizer {

    private final GatewayProperties.Server settings;

    ServerTimeouts(GatewayProperties.Server settings) {
        this.settings = settings;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.idleTimeout(settings.idleTimeout());
    }
}
