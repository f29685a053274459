package dev.concurrencylab.gateway.balancing;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.concurrencylab.gateway.discovery.Replica;

/**
 * Least outstanding requests with the power of two random choices (P2C): of two replicas picked
 * at random, the one with fewer requests in flight from this gateway. A slow replica accumulates
 * in-flight requests and so gets fewer new ones, without the herding onto one "least loaded"
 * replica that a full scan causes when many requests choose at once.
 */
public final class LeastOutstandingBalancer extends ReplicaBalancer {

    public LeastOutstandingBalancer(ReplicaLoad load) {
        super(load);
    }

    @Override
    protected Replica pick(List<Replica> candidates) {
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(candidates.size());
        int second = random.nextInt(candidates.size() - 1);
        if (second >= first) {
            second++;
        }
        Replica a = candidates.get(first);
        Replica b = candidates.get(second);
        return load.inFlight(b) < load.inFlight(a) ? b : a;
    }
}
