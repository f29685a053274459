package dev.concurrencylab.lab.topology;

import java.util.Map;
import dev.concurrencylab.launcher.Service;

/**
 * What {@code ./lab up} starts.
 *
 * @param replicas replicas per variant service
 * @param downstreamLatency the I/O wait services ask downstream for ({@code lab.downstream.latency})
 * @param gatewayPort the gateway's traffic port; 0 for any free port
 * @param cache whether the gateway's cache layer is on ({@code lab.gateway.cache.enabled})
 * @param downstreamPool each replica's pool of connections to downstream; {@code null} for the services' default
 */
public record UpRequest(Map<Service, Integer> replicas, String downstreamLatency, int gatewayPort, boolean cache,
        Integer downstreamPool) {

    /** Connections to downstream per replica a pool may have: the services accept any positive size; 10,000 is plenty. */
    public static final int MAX_DOWNSTREAM_POOL = 10_000;
    /** The services' own pool to downstream ({@code lab.downstream.max-connections}'s default). */
    public static final int SERVICES_DOWNSTREAM_POOL = 1000;

    public UpRequest {
        replicas = Map.copyOf(replicas);
        replicas.forEach((service, count) -> {
            if (count < 0 || count > 16) {
                throw new LabException("replicas of %s must be 0..16, was %d".formatted(service.serviceName(), count));
            }
        });
        if (downstreamPool != null && (downstreamPool < 1 || downstreamPool > MAX_DOWNSTREAM_POOL)) {
            throw new LabException("--downstream-pool must be 1..%d connections per replica, was %d"
                    .formatted(MAX_DOWNSTREAM_POOL, downstreamPool));
        }
        if (gatewayPort < 0 || gatewayPort > 65535) {
            throw new LabException("gateway port must be 0..65535, was " + gatewayPort);
        }
    }
}
