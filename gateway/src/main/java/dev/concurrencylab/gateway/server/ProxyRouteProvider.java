package dev.concurrencylab.gateway.server;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.Ordered;

import reactor.netty.http.server.HttpServerRoutes;

/**
 * Puts the gateway's data path on Spring Boot's Netty server for the traffic port: every request
 * goes to the {@link GatewayHandler} directly, never through Spring WebFlux (which still serves
 * the actuator on the management port, a server of its own). Ordered last, so the lab's
 * malformed-URI answer (lab-common's MalformedUriRoute) still comes first. Spring Boot keeps the server's port,
 * address, graceful shutdown and customizers.
 */
final class ProxyRouteProvider implements NettyRouteProvider, Ordered {

    private final GatewayHandler handler;

    ProxyRouteProvider(GatewayHandler handler) {
        this.handler = handler;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> true, handler);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
