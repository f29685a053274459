package dev.concurrencylab.lab.plan;

import java.util.Map;

/**
 * What serving costs, per request and per replica, which the plan's model multiplies out. Shipped
 * defaults ({@link #shipped()}) were measured on the lab's own 2-core VM; the limits are the
 * deployment's (docker-compose.yml, the services' properties).
 *
 * @param source where the numbers come from, said in the plan's output
 * @param serviceCpuMicros CPU per request a variant spends serving it (parsing, routing, JSON,
 *         the call's own work), not counting the workload's {@code cpu}, by variant
 * @param gatewayProxyMicros the gateway's CPU per request it passes to a replica
 * @param gatewayHitMicros the gateway's CPU per request its cache answers
 * @param hopMillis time a request spends in the network hops and the gateway when nothing queues
 * @param hitMillis time a cache hit takes, end to end, when nothing queues
 * @param mvcThreads Tomcat's platform threads per mvc replica ({@code server.tomcat.threads.max})
 * @param downstreamConnections each replica's pool to downstream ({@code lab.downstream.max-connections})
 * @param gatewayCpus the gateway's cores (one gateway: it does not scale with the replicas)
 * @param replicaMemoryBytes a replica's memory limit
 * @param replicaBaseBytes a replica's resident memory with nothing in flight
 * @param inFlightBytes memory per request in flight, by variant
 */
public record Costs(String source, Map<String, Double> serviceCpuMicros, double gatewayProxyMicros, double gatewayHitMicros,
        double hopMillis, double hitMillis, int mvcThreads, int downstreamConnections, double gatewayCpus,
        long replicaMemoryBytes, long replicaBaseBytes, Map<String, Long> inFlightBytes) {

    public Costs {
        serviceCpuMicros = Map.copyOf(serviceCpuMicros);
        inFlightBytes = Map.copyOf(inFlightBytes);
    }

    /**
     * The shipped defaults, where each comes from in load-tests/README.md ("Shipped costs"): the
     * gateway's from its benchmarks, the services' CPU per request measured with {@code ./lab
     * load}, a replica's resident memory after load; the memory per request in flight is an
     * estimate until {@code --calibrate} measures it. Limits: docker-compose.yml and the
     * services' properties.
     */
    public static Costs shipped() {
        return new Costs("shipped defaults, measured on the lab's 2-core VM on 2026-12-07",
                Map.of("mvc", 230.0, "virtual", 145.0, "webflux", 175.0), 50, 14, 0.2, 0.5, 200, 1000, 1.0,
                320L << 20, 250L << 20, Map.of("mvc", 96L << 10, "virtual", 12L << 10, "webflux", 8L << 10));
    }
}
