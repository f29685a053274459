package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.concurrencylab.lab.scenario.Event;
import dev.concurrencylab.lab.topology.Actuator;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.ProcessEnd;
import dev.concurrencylab.lab.topology.Topology;
import dev.concurrencylab.launcher.Service;

/** The lab started by {@code ./lab up} on this machine: every process is watched, replicas can be scaled. */
public final class LocalTarget implements BenchTarget {

    private final Topology topology;
    private final CachePurge cachePurge = new CachePurge();
    /** Replicas a scenario's event killed: their end is the point, not a loss. */
    private final Set<String> killed = ConcurrentHashMap.newKeySet();
    /** Replicas a scenario's event slowed down: healthy again after the run. */
    private final Set<String> slowed = ConcurrentHashMap.newKeySet();
    private final Actuator actuator = new Actuator();
    /** Live replicas per variant when the current cell was prepared, to bring back after its events. */
    private final Map<Service, Integer> prepared = new ConcurrentHashMap<>();
    /** The pool to downstream the lab was brought up with: runs whose scenario sets none get it (back). */
    private final Integer deployedPool;

    public LocalTarget(Topology topology) {
        this.topology = topology;
        this.deployedPool = state().downstreamPool();
    }

    @Override
    public URI base() {
        return URI.create(state().only(Service.GATEWAY)
                .orElseThrow(() -> new LabException("the running lab has no gateway; ./lab down, then ./lab up")).url());
    }

    @Override
    public List<ObservedProcess> processes() {
        return state().processes().stream()
                .map(process -> new ObservedProcess(process.name(), process.role(), URI.create(process.managementUrl()),
                        process.pid()))
                .toList();
    }

    /** Live replicas only: one killed by an event (or crashed) no longer serves. */
    @Override
    public Integer replicasOf(String variant) {
        return (int) state().replicasOf(Service.named(variant)).stream().filter(LabProcess::isAlive).count();
    }

    @Override
    public void prepare(MatrixCell cell) {
        if (cell.cache() != null) {
            topology.gatewayCache(cell.cache());
        }
        Integer pool = cell.scenario().downstreamPool() != null ? cell.scenario().downstreamPool() : deployedPool;
        topology.downstreamPool(pool);
        if (cell.replicas() != null && replicasOf(cell.variant()) != cell.replicas()) {
            topology.scale(Map.of(Service.named(cell.variant()), cell.replicas()));
        }
        if (replicasOf(cell.variant()) == 0) {
            throw new LabException("the running lab has no replica of " + cell.variant()
                    + "; ./lab scale " + cell.variant() + "=2, or leave it out with --variants");
        }
        killed.clear();
        for (Service variant : Service.variants()) {
            prepared.put(variant, replicasOf(variant.variant().orElseThrow()));
        }
    }

    @Override
    public boolean changesDeployment() {
        return true;
    }

    /** Every replica an event names must be running when its event comes (see {@link EventReplicas}). */
    @Override
    public void checkCanRun(MatrixCell cell) {
        Map<String, Integer> running = new LinkedHashMap<>();
        for (Service variant : Service.variants()) {
            running.put(variant.variant().orElseThrow(), replicasOf(variant.variant().orElseThrow()));
        }
        EventReplicas.check(cell, running, "./lab scale %s=%d");
    }

    @Override
    public void apply(Event event) {
        switch (event) {
            case Event.Kill kill -> {
                LabProcess replica = running(kill.replica());
                killed.add(replica.name());
                // SIGKILL: no shutdown hook, no draining, connections reset, as a crash or the OOM killer would
                replica.handle().ifPresent(ProcessHandle::destroyForcibly);
            }
            case Event.Slow slow -> {
                LabProcess replica = running(slow.replica());
                actuator.slowDown(replica, slow.io());
                slowed.add(replica.name());
            }
            case Event.Scale scale -> topology.scale(Map.of(Service.named(scale.variant()), scale.replicas()));
        }
    }

    /** The replica an event names: the variant's n-th running replica now (see {@link Event.Kill}). */
    private LabProcess running(String name) {
        ReplicaName named = ReplicaName.of(name);
        List<LabProcess> running = state().replicasOf(Service.named(named.variant())).stream()
                .filter(LabProcess::isAlive).toList();
        if (named.ordinal() > running.size()) {
            throw new LabException("%s: %s runs %d replica(s) now: %s".formatted(name, named.variant(), running.size(),
                    running.stream().map(LabProcess::name).toList()));
        }
        return running.get(named.ordinal() - 1);
    }

    @Override
    public List<String> lost() {
        return state().processes().stream()
                .filter(process -> !process.isAlive() && !killed.contains(process.name()))
                .map(process -> {
                    ProcessEnd end = ProcessEnd.of(process);
                    return "%s (pid %d) %s; the last lines of %s:%n%s".formatted(process.name(), process.pid(),
                            end.describe(), process.log(), end.logTail().indent(2).stripTrailing());
                })
                .toList();
    }

    @Override
    public void finish() {
        topology.downstreamPool(deployedPool);
    }

    @Override
    public void restore() {
        state().processes().stream().filter(replica -> slowed.contains(replica.name()) && replica.isAlive())
                .forEach(replica -> actuator.slowDown(replica, Duration.ZERO));
        slowed.clear();
        Map<Service, Integer> changed = new LinkedHashMap<>();
        prepared.forEach((variant, replicas) -> {
            List<LabProcess> now = state().replicasOf(variant);
            if (now.size() != replicas || now.stream().anyMatch(process -> !process.isAlive())) {
                changed.put(variant, replicas);
            }
        });
        if (!changed.isEmpty()) {
            topology.scale(changed);
        }
        killed.clear();
    }

    @Override
    public void purgeCache() {
        cachePurge.purge(processes());
    }

    private LabState state() {
        return topology.current().orElseThrow(() -> new LabException(
                "the lab is not up: run ./lab up first (or ./lab demo, which starts and stops it), or give --target URL"));
    }
}
