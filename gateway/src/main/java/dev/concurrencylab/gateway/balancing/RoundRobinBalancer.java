package dev.concurrencylab.gateway.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/** Each replica in turn, regardless of how busy it is. */
public final class RoundRobinBalancer extends ReplicaBalancer {

    private final AtomicInteger position = new AtomicInteger();

    public RoundRobinBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, ReplicaLoad load) {
        super(suppliers, load);
    }

    @Override
    protected ServiceInstance pick(List<ServiceInstance> candidates) {
        return candidates.get(Math.floorMod(position.getAndIncrement(), candidates.size()));
    }
}
