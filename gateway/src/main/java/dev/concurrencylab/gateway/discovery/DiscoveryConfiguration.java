package dev.concurrencylab.gateway.discovery;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.routing.GatewayRoute;
import dev.concurrencylab.gateway.routing.RouteTable;

/** Where replicas come from, by {@code lab.gateway.discovery.mode}. */
@Configuration(proxyBeanMethods = false)
public class DiscoveryConfiguration {

    @Bean
    @ConditionalOnProperty(name = "lab.gateway.discovery.mode", havingValue = "static", matchIfMissing = true)
    StaticReplicas staticReplicas(GatewayProperties properties) {
        return new StaticReplicas(properties.discovery());
    }

    @Bean
    @ConditionalOnProperty(name = "lab.gateway.discovery.mode", havingValue = "static", matchIfMissing = true)
    LabReplicasEndpoint labReplicasEndpoint(StaticReplicas replicas) {
        return new LabReplicasEndpoint(replicas);
    }

    @Bean
    @ConditionalOnProperty(name = "lab.gateway.discovery.mode", havingValue = "dns")
    DnsReplicas dnsReplicas(GatewayProperties properties, RouteTable routes) {
        Set<String> services = new LinkedHashSet<>();
        for (GatewayRoute route : routes.all()) {
            if (route.target() instanceof GatewayRoute.Target.Service service) {
                services.add(service.name());
            }
        }
        return new DnsReplicas(properties.discovery().dns(), services);
    }
}
