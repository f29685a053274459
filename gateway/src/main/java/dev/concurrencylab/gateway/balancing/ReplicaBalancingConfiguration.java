package dev.concurrencylab.gateway.balancing;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.config.GatewayProperties.Route.Balancing;
import dev.concurrencylab.gateway.discovery.DnsServiceInstanceListSupplier;

/**
 * The per-service load-balancer context Spring Cloud LoadBalancer creates for each
 * {@code lb://<service>}: where the replicas come from (static list or DNS) and how one is chosen
 * (the policy of the route a request came through, see {@link RoutePolicyBalancer}).
 * Deliberately not a {@code @Configuration} found by component scanning: it is instantiated once
 * per service, by {@code @LoadBalancerClients(defaultConfiguration = ...)}.
 */
public class ReplicaBalancingConfiguration {

    @Bean
    ServiceInstanceListSupplier replicaSupplier(ConfigurableApplicationContext context, Environment environment,
            GatewayProperties properties) {
        String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        return switch (properties.discovery().mode()) {
            // no caching layer: a changed static list must reach the next request
            case STATIC -> ServiceInstanceListSupplier.builder().withDiscoveryClient().build(context);
            case DNS -> new DnsServiceInstanceListSupplier(serviceId, properties.discovery().dns());
        };
    }

    @Bean
    ReactorServiceInstanceLoadBalancer replicaBalancer(Environment environment, GatewayProperties properties,
            ObjectProvider<ServiceInstanceListSupplier> suppliers, ReplicaLoad load) {
        String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        // one balancer per policy for this service, shared by its routes of that policy
        Map<Balancing, ReactorServiceInstanceLoadBalancer> byPolicy = new EnumMap<>(Balancing.class);
        byPolicy.put(Balancing.ROUND_ROBIN, new RoundRobinBalancer(suppliers, load));
        byPolicy.put(Balancing.LEAST_OUTSTANDING, new LeastOutstandingBalancer(suppliers, load));
        Map<String, ReactorServiceInstanceLoadBalancer> byRoute = new HashMap<>();
        properties.routes().forEach((routeId, route) -> {
            if (route.uri() != null && "lb".equals(route.uri().getScheme()) && serviceId.equals(route.uri().getHost())) {
                byRoute.put(routeId, byPolicy.get(route.balancing()));
            }
        });
        return new RoutePolicyBalancer(byRoute, byPolicy.get(Balancing.LEAST_OUTSTANDING));
    }
}
