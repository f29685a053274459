package dev.concurrencylab.gateway.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Least outstanding requests with the power of two random choices (P2C): of two replicas picked
 * at random, the one with fewer requests in flight from this gateway. A slow replica accumulates
 * in-flight requests and so gets fewer new ones, without the herding onto one "least loaded"
 * replica that a full scan causes when many requests choose at once.
 */
public final class LeastOutstandingBalancer extends ReplicaBalancer {

    public LeastOutstandingBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, ReplicaLoad load) {
        super(suppliers, load);
    }

    @Override
    protected ServiceInstance pick(List<ServiceInstance> candidates) {
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(candidates.size());
        int second = random.nextInt(candidates.size() - 1);
        if (second >= first) {
            second++;
        }
        ServiceInstance a = candidates.get(first);
        ServiceInstance b = candidates.get(second);
        return load.inFlight(b) < load.inFlight(a) ? b : a;
    }
}
