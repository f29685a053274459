package dev.concurrencylab.gateway.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concurrencylab.gateway.discovery.Replica;

/** Each replica in turn. */
public final class RoundRobinBalancer extends ReplicaBalancer {

    private final AtomicInteger next = new AtomicInteger();

    public RoundRobinBalancer(ReplicaLoad load) {
        super(load);
    }

    @Override
    protected Replica pick(List<Replica> candidates) {
        return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }
}
