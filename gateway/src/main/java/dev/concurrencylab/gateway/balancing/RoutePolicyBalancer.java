package dev.concurrencylab.gateway.balancing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;

import reactor.core.publisher.Mono;

/**
 * Spring Cloud LoadBalancer makes one balancer per service, but the policy belongs to a route:
 * this one hands each request to the balancer of the route it came through, so two routes to one
 * service may balance differently. Routes not configured under {@code lab.gateway.routes} (Spring
 * Cloud Gateway's own) get the service's default.
 */
public final class RoutePolicyBalancer implements ReactorServiceInstanceLoadBalancer {

    private final Map<String, ReactorServiceInstanceLoadBalancer> byRoute;
    private final ReactorServiceInstanceLoadBalancer byDefault;

    public RoutePolicyBalancer(Map<String, ReactorServiceInstanceLoadBalancer> byRoute,
            ReactorServiceInstanceLoadBalancer byDefault) {
        this.byRoute = Map.copyOf(byRoute);
        this.byDefault = byDefault;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        Object route = ReplicaBalancer.attributes(request).get(GATEWAY_ROUTE_ATTR);
        ReactorServiceInstanceLoadBalancer balancer = route instanceof Route known ? byRoute.get(known.getId()) : null;
        return (balancer == null ? byDefault : balancer).choose(request);
    }
}
