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
 */
public record UpRequest(Map<Service, Integer> replicas, String downstreamLatency, int gatewayPort, boolean cache) {

    public UpRequest {
        replicas = Map.copyOf(replicas);
        replicas.forEach((service, count) -> {
            if (count < 0 || count > 16) {
                throw new LabException("replicas of %s must be 0..16, was %d".formatted(service.serviceName(), count));
            }
        });
        if (gatewayPort < 0 || gatewayPort > 65535) {
            throw new LabException("gateway port must be 0..65535, was " + gatewayPort);
        }
    }
}
