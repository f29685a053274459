package dev.concurrencylab.gateway.routing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.gateway.config.GatewayProperties;

/** The checked route table, and its read-only actuator view. */
@Configuration(proxyBeanMethods = false)
public class RoutingConfiguration {

    @Bean
    RouteTable routeTable(GatewayProperties properties) {
        return new RouteTable(properties);
    }

    @Bean
    LabRoutesEndpoint labRoutesEndpoint(RouteTable routes) {
        return new LabRoutesEndpoint(routes);
    }
}
