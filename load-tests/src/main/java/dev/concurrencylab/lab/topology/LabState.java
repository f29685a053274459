package dev.concurrencylab.lab.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import dev.concurrencylab.launcher.Service;

/**
 * What runs, as {@code .lab/state.json} records it: every process with its pid and ports, so that
 * status, scale and down act on exactly what up started.
 *
 * @param startedAt when the topology was brought up
 * @param downstreamLatency the I/O wait the services ask downstream for
 * @param processes downstream, the replicas and the gateway
 * @param cache whether the gateway's cache layer is on ({@code null} in state written before it could be off: on)
 * @param downstreamPool each replica's pool of connections to downstream ({@code lab.downstream.max-connections});
 *     {@code null}: the services' own default
 */
public record LabState(Instant startedAt, String downstreamLatency, List<LabProcess> processes, Boolean cache,
        Integer downstreamPool) {

    public LabState {
        processes = List.copyOf(processes);
    }

    public boolean cacheOn() {
        return cache == null || cache;
    }

    /** The same topology with the gateway replaced and the cache set as it now runs. */
    public LabState withGateway(LabProcess gateway, boolean cacheOn) {
        List<LabProcess> next = new ArrayList<>(processes.stream().filter(process -> process.service() != Service.GATEWAY).toList());
        next.add(gateway);
        return new LabState(startedAt, downstreamLatency, next, cacheOn, downstreamPool);
    }

    public List<LabProcess> replicasOf(Service service) {
        return processes.stream().filter(process -> process.service() == service)
                .sorted(Comparator.comparingInt(LabState::index)).toList();
    }

    public Optional<LabProcess> only(Service service) {
        return processes.stream().filter(process -> process.service() == service).findFirst();
    }

    public LabState with(List<LabProcess> added, List<LabProcess> removed) {
        List<LabProcess> next = new ArrayList<>(processes);
        next.removeAll(removed);
        next.addAll(added);
        return new LabState(startedAt, downstreamLatency, next, cache, downstreamPool);
    }

    /** The same topology with every replica's pool to downstream of this size. */
    public LabState withDownstreamPool(Integer pool) {
        return new LabState(startedAt, downstreamLatency, processes, cache, pool);
    }

    /** The number at the end of a replica's name ({@code service-mvc-2} is 2); 0 for singletons. */
    static int index(LabProcess process) {
        String name = process.name();
        int dash = name.lastIndexOf('-');
        try {
            return Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException singleton) {
            return 0;
        }
    }
}
