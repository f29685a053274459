package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.Topology;
import dev.concurrencylab.launcher.Service;

/** The lab started by {@code ./lab up} on this machine: every process is watched, replicas can be scaled. */
public final class LocalTarget implements BenchTarget {

    private final Topology topology;
    private final CachePurge cachePurge = new CachePurge();

    public LocalTarget(Topology topology) {
        this.topology = topology;
        state();
    }

    @Override
    public URI base() {
        return URI.create(state().only(Service.GATEWAY)
                .orElseThrow(() -> new LabException("the running lab has no gateway; ./lab down, then ./lab up")).url());
    }

    @Override
    public List<ObservedProcess> processes() {
        return state().processes().stream()
                .map(process -> new ObservedProcess(process.name(), role(process), URI.create(process.managementUrl()),
                        process.pid()))
                .toList();
    }

    @Override
    public Integer replicasOf(String variant) {
        return state().replicasOf(Service.named(variant)).size();
    }

    @Override
    public void prepare(MatrixCell cell) {
        if (cell.cache() != null) {
            topology.gatewayCache(cell.cache());
        }
        if (cell.replicas() != null && replicasOf(cell.variant()) != cell.replicas()) {
            topology.scale(Map.of(Service.named(cell.variant()), cell.replicas()));
        }
        if (replicasOf(cell.variant()) == 0) {
            throw new LabException("the running lab has no replica of " + cell.variant()
                    + "; ./lab scale " + cell.variant() + "=2, or leave it out with --variants");
        }
    }

    @Override
    public void purgeCache() {
        cachePurge.purge(processes());
    }

    private LabState state() {
        return topology.current().orElseThrow(() -> new LabException(
                "the lab is not up: run ./lab up first (or ./lab demo, which starts and stops it), or give --target URL"));
    }

    private static String role(LabProcess process) {
        return process.service().variant().orElse(process.service() == Service.GATEWAY ? "gateway" : "downstream");
    }
}
