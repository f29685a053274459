package dev.concurrencylab.gateway.server;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.common.runtime.InFlightRequests;
import dev.concurrencylab.gateway.balancing.LeastOutstandingBalancer;
import dev.concurrencylab.gateway.balancing.ReplicaBalancer;
import dev.concurrencylab.gateway.balancing.ReplicaLoad;
import dev.concurrencylab.gateway.balancing.RoundRobinBalancer;
import dev.concurrencylab.gateway.cache.HttpCaches;
import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.discovery.ReplicaDirectory;
import dev.concurrencylab.gateway.headers.ForwardedHeaders;
import dev.concurrencylab.gateway.problem.GatewayProblems;
import dev.concurrencylab.gateway.proxy.Attempts;
import dev.concurrencylab.gateway.proxy.Forwarding;
import dev.concurrencylab.gateway.proxy.ResponseWriter;
import dev.concurrencylab.gateway.proxy.RouteHandler;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.proxy.UpstreamClient;
import dev.concurrencylab.gateway.resilience.RouteProtection;
import dev.concurrencylab.gateway.routing.GatewayRoute;
import dev.concurrencylab.gateway.routing.RouteTable;

/**
 * The data path, assembled: per route, attempts on its replicas (or its origin) wrapped in its
 * protections and, for a cached route, its cache stage; and the server handler in front of all
 * routes, on the traffic port.
 */
@Configuration(proxyBeanMethods = false)
public class ServerConfiguration {

    @Bean
    UpstreamClient upstreamClient(GatewayProperties properties) {
        return new UpstreamClient(properties.upstream());
    }

    @Bean
    ResponseWriter responseWriter(GatewayProperties properties) {
        return new ResponseWriter(properties.servedByHeader());
    }

    @Bean
    GatewayProblems gatewayProblems(JsonMapper json) {
        return new GatewayProblems(json);
    }

    @Bean
    RouteTimers routeTimers(MeterRegistry meters, RouteTable routes) {
        return new RouteTimers(meters, routes);
    }

    @Bean
    GatewayHandler gatewayHandler(GatewayProperties properties, RouteTable routes, ReplicaDirectory directory,
            ReplicaLoad load, UpstreamClient client, RouteProtection protection, HttpCaches caches,
            ResponseWriter writer, GatewayProblems problems, InFlightRequests inFlight, RouteTimers timers) {
        Map<String, RouteHandler> handlers = new LinkedHashMap<>();
        for (GatewayRoute route : routes.all()) {
            Attempts.Replicas replicas = switch (route.target()) {
                case GatewayRoute.Target.Service service -> Attempts.Replicas.of(directory, service.name());
                case GatewayRoute.Target.Origin origin -> Attempts.Replicas.origin(route, origin.uri());
            };
            ReplicaBalancer balancer = switch (route.settings().balancing()) {
                case ROUND_ROBIN -> new RoundRobinBalancer(load);
                case LEAST_OUTSTANDING -> new LeastOutstandingBalancer(load);
            };
            Upstream upstream = protection.protect(route, new Attempts(route, replicas, balancer, load, client));
            handlers.put(route.id(), route.settings().cache().enabled()
                    ? caches.forRoute(route, upstream, writer)
                    : new Forwarding(upstream, writer));
        }
        return new GatewayHandler(routes, handlers, problems, inFlight,
                new ForwardedHeaders(properties.server().trustedProxies()), timers, new RequestBodies(properties.server()));
    }

    @Bean
    ProxyRouteProvider proxyRouteProvider(GatewayHandler handler) {
        return new ProxyRouteProvider(handler);
    }

    @Bean
    UnsupportedVersions unsupportedVersions() {
        return new UnsupportedVersions();
    }

    @Bean
    ServerTimeouts serverTimeouts(GatewayProperties properties) {
        return new ServerTimeouts(properties.server());
    }
}
