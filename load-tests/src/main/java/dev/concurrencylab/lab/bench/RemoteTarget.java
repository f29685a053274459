package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.concurrencylab.lab.report.BenchResults.ProcessSample;
import dev.concurrencylab.lab.topology.LabException;

/**
 * Any running deployment given only by its URL (without --docker or --kubernetes): the bench only
 * sends traffic and reads the actuators it was given; it cannot scale or reconfigure it.
 */
public final class RemoteTarget implements BenchTarget {

    private final URI base;
    private final List<ObservedProcess> processes;
    private final CachePurge cachePurge = new CachePurge();
    private final Supplier<Map<String, ProcessSample>> containers;

    /** @param containers the deployment's container stats ({@code --docker}), or nothing */
    public RemoteTarget(URI base, List<ObservedProcess> processes, Supplier<Map<String, ProcessSample>> containers) {
        if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
            throw new LabException("--target must be an http(s) URL such as http://127.0.0.1:8080, was " + base);
        }
        this.base = base;
        this.processes = List.copyOf(processes);
        this.containers = containers;
    }

    @Override
    public Map<String, ProcessSample> containerSamples() {
        return containers.get();
    }

    @Override
    public URI base() {
        return base;
    }

    @Override
    public List<ObservedProcess> processes() {
        return processes;
    }

    @Override
    public Integer replicasOf(String variant) {
        long watched = processes.stream().filter(process -> process.role().equals(variant)).count();
        long containers = containerSamples().values().stream().filter(sample -> sample.role().equals(variant)).count();
        long known = Math.max(watched, containers);
        return known == 0 ? null : (int) known;
    }

    @Override
    public void prepare(MatrixCell cell) {
        checkCanRun(cell);
    }

    @Override
    public void checkCanRun(MatrixCell cell) {
        if (cell.replicas() != null || cell.cache() != null) {
            throw new LabException("--replicas and --cache change the local lab (--replicas also compose and Kubernetes, "
                    + "with --docker or --kubernetes); scale or configure " + base + " yourself and run the bench once per "
                    + "setting");
        }
        BenchTarget.super.checkCanRun(cell);
    }

    @Override
    public void purgeCache() {
        cachePurge.purge(processes);
    }
}
