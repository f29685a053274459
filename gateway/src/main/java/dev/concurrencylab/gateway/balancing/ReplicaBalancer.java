package dev.concurrencylab.gateway.balancing;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.util.function.SingletonSupplier;

import reactor.core.publisher.Mono;

/**
 * Chooses a replica of one service among the eligible ones: not ejected, and not already tried
 * by this request (so a retry always goes to another replica). If every replica is ejected, the
 * ejection is ignored rather than failing everything. Subclasses only pick among candidates.
 */
public abstract class ReplicaBalancer implements ReactorServiceInstanceLoadBalancer {

    /** Exchange attribute: the replicas ({@code host:port}) this request was already sent to. */
    public static final String TRIED_REPLICAS_ATTR = "lab.triedReplicas";
    /** Exchange attribute: how many eligible replicas this request has not tried yet. */
    public static final String UNTRIED_REPLICAS_ATTR = "lab.untriedReplicas";

    /** Resolved once: a bean lookup per request showed up as 6% of the gateway's CPU in a profile. */
    private final SingletonSupplier<ServiceInstanceListSupplier> supplier;
    protected final ReplicaLoad load;

    protected ReplicaBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, ReplicaLoad load) {
        this.supplier = SingletonSupplier.of(() -> suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new));
        this.load = load;
    }

    /** Picks one of {@code candidates}, which is never empty. */
    protected abstract ServiceInstance pick(List<ServiceInstance> candidates);

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        return supplier.obtain().get(request).next().map(instances -> choose(instances, request));
    }

    @SuppressWarnings("rawtypes")
    private Response<ServiceInstance> choose(List<ServiceInstance> instances, Request request) {
        Set<String> tried = tried(request);
        List<ServiceInstance> untried = instances.stream()
                .filter(instance -> !tried.contains(ReplicaLoad.replicaId(instance))).toList();
        List<ServiceInstance> healthy = untried.stream().filter(instance -> !load.isEjected(instance)).toList();
        List<ServiceInstance> candidates = healthy.isEmpty() ? untried : healthy;
        if (candidates.isEmpty()) {
            return new EmptyResponse();
        }
        ServiceInstance chosen = pick(candidates);
        attributes(request).put(UNTRIED_REPLICAS_ATTR, candidates.size() - 1);
        return new DefaultResponse(chosen);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Set<String> tried(Request request) {
        Object tried = attributes(request).get(TRIED_REPLICAS_ATTR);
        return tried instanceof Set set ? set : Collections.emptySet();
    }

    /** The exchange attributes a load-balancer request carries (a fresh map when it has none). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Map<String, Object> attributes(Request request) {
        if (request.getContext() instanceof RequestDataContext context && context.getClientRequest() != null
                && context.getClientRequest().getAttributes() != null) {
            return context.getClientRequest().getAttributes();
        }
        return new HashMap<>();
    }
}
