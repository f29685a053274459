package dev.concurrencylab.gateway.balancing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.client.ServiceInstance;

/**
 * What the gateway knows about each replica right now: requests in flight to it (what the
 * least-outstanding balancer compares, exported as {@code lab.gateway.replica.inflight}), and
 * whether it is ejected for a while after it refused a connection (passive health checking, so a
 * dead replica in a static list stops getting traffic). Lock-free; shared by every route.
 */
public final class ReplicaLoad {

    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> ejectedUntil = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    public ReplicaLoad(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The name of a replica in headers, metrics and logs: {@code host:port}. */
    public static String replicaId(ServiceInstance instance) {
        return instance.getHost() + ":" + instance.getPort();
    }

    public int inFlight(ServiceInstance instance) {
        AtomicInteger count = inFlight.get(key(instance));
        return count == null ? 0 : count.get();
    }

    public void started(ServiceInstance instance) {
        counter(instance).incrementAndGet();
    }

    public void finished(ServiceInstance instance) {
        counter(instance).decrementAndGet();
    }

    public void eject(ServiceInstance instance, Duration period) {
        ejectedUntil.put(key(instance), clock.instant().plus(period));
    }

    public boolean isEjected(ServiceInstance instance) {
        Instant until = ejectedUntil.get(key(instance));
        return until != null && clock.instant().isBefore(until);
    }

    private AtomicInteger counter(ServiceInstance instance) {
        return inFlight.computeIfAbsent(key(instance), key -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("lab.gateway.replica.inflight", count, AtomicInteger::get)
                    .description("Requests the gateway has in flight to one replica")
                    .tag("service", instance.getServiceId())
                    .tag("replica", replicaId(instance))
                    .register(registry);
            return count;
        });
    }

    private static String key(ServiceInstance instance) {
        return instance.getServiceId() + "/" + replicaId(instance);
    }
}
