package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;

import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.report.BenchResults.ProcessSample;
import dev.concurrencylab.lab.scenario.Event;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.launcher.Service;

/**
 * A compose deployment on this machine's Docker engine ({@code --target URL --docker PROJECT}):
 * traffic and actuators as for any deployment, each container's CPU and memory from the engine,
 * and the bench may change it as a scenario or {@code --replicas} says — kill a replica's
 * container, slow one down, scale a variant — and brings it back after a run with events.
 */
public final class ComposeTarget implements BenchTarget, AutoCloseable {

    private static final String SCALE_HINT = "docker compose up -d --scale service-%s=%d";

    private final RemoteTarget traffic;
    private final ComposeProject project;
    private final ContainerStats stats;
    /** Containers a scenario's event killed, id to variant: their end is the point, not a loss. */
    private final Map<String, String> killed = new ConcurrentHashMap<>();
    /** Containers a scenario's event slowed down (by id): healthy again after the run. */
    private final Set<String> slowed = ConcurrentHashMap.newKeySet();
    /** Running replicas per variant when the cell was prepared, to bring back after its events. */
    private final Map<String, Integer> prepared = new ConcurrentHashMap<>();
    /** Containers that ran when the run began or a scale started them, with how often each had restarted then. */
    private final Map<String, Integer> watched = new ConcurrentHashMap<>();
    /** While compose scales, containers it stops or removes are its doing, not losses. */
    private final AtomicInteger scaling = new AtomicInteger();

    private ComposeTarget(RemoteTarget traffic, ComposeProject project, ContainerStats stats) {
        this.traffic = traffic;
        this.project = project;
        this.stats = stats;
    }

    /** @param base the gateway's URL; @param processes actuators to read (--actuator); @param projectName compose's project */
    public static ComposeTarget open(URI base, List<ObservedProcess> processes, String projectName) {
        ComposeProject project = ComposeProject.open(projectName);
        try {
            ContainerStats stats = ContainerStats.of(projectName);
            return new ComposeTarget(new RemoteTarget(base, processes, stats::latest), project, stats);
        } catch (RuntimeException failed) {
            project.close();
            throw failed;
        }
    }

    @Override
    public URI base() {
        return traffic.base();
    }

    @Override
    public List<ObservedProcess> processes() {
        return traffic.processes();
    }

    @Override
    public Map<String, ProcessSample> containerSamples() {
        return traffic.containerSamples();
    }

    /** Running containers of the variant's service, as compose counts replicas. */
    @Override
    public Integer replicasOf(String variant) {
        return project.running(service(variant)).size();
    }

    @Override
    public void prepare(MatrixCell cell) {
        if (cell.replicas() != null && replicasOf(cell.variant()) != cell.replicas()) {
            checkSameConfiguration(cell.variant());
            scale(cell.variant(), cell.replicas());
        }
        if (replicasOf(cell.variant()) == 0) {
            throw new LabException("compose project runs no replica of %s; %s, or leave it out with --variants"
                    .formatted(cell.variant(), SCALE_HINT.formatted(cell.variant(), 2)));
        }
        killed.clear();
        for (String variant : variants()) {
            prepared.put(variant, replicasOf(variant));
        }
        watchRunning();
    }

    @Override
    public boolean changesDeployment() {
        return true;
    }

    @Override
    public void checkCanRun(MatrixCell cell) {
        if (cell.cache() != null) {
            throw new LabException("--cache switches the local lab's gateway cache; on compose set LAB_GATEWAY_CACHE_ENABLED "
                    + "and bring the gateway up again (docker compose up -d gateway), once per setting");
        }
        BenchTarget.refusePoolChange(cell);
        Map<String, Integer> running = new LinkedHashMap<>();
        variants().forEach(variant -> running.put(variant, replicasOf(variant)));
        EventReplicas.check(cell, running, SCALE_HINT);
        cell.scenario().events().stream().filter(Event.Scale.class::isInstance).map(Event.Scale.class::cast)
                .map(Event.Scale::variant).distinct().forEach(this::checkSameConfiguration);
    }

    /** A scale must add replicas like the running ones, or the run compares unlike replicas. */
    private void checkSameConfiguration(String variant) {
        project.configurationDrift(service(variant)).ifPresent(drift -> {
            throw new LabException(drift);
        });
    }

    @Override
    public void apply(Event event) {
        switch (event) {
            case Event.Kill kill -> {
                Container replica = running(kill.replica());
                killed.put(replica.getId(), ReplicaName.of(kill.replica()).variant());
                project.kill(replica);
            }
            case Event.Slow slow -> {
                Container replica = running(slow.replica());
                slowDown(replica, slow.io());
                slowed.add(replica.getId());
            }
            case Event.Scale scale -> scale(scale.variant(), scale.replicas());
        }
    }

    private void slowDown(Container replica, Duration io) {
        int status = project.management(replica, "POST", "/actuator/labslowdown",
                "{\"io\":\"%s\"}".formatted(Quantities.format(io)));
        if (status != 200) {
            throw new LabException("%s did not take the slowdown (labslowdown answered %d)"
                    .formatted(ComposeProject.containerName(replica), status));
        }
    }

    private void scale(String variant, int replicas) {
        scaling.incrementAndGet();
        try {
            project.scale(service(variant), replicas);
        } finally {
            watchRunning();
            scaling.decrementAndGet();
        }
    }

    /** The replica an event names: the variant's n-th running container now, by compose's numbering. */
    private Container running(String name) {
        ReplicaName named = ReplicaName.of(name);
        List<Container> running = project.running(service(named.variant()));
        if (named.ordinal() > running.size()) {
            throw new LabException("%s: %s runs %d replica(s) now: %s".formatted(name, named.variant(), running.size(),
                    running.stream().map(ComposeProject::containerName).toList()));
        }
        return running.get(named.ordinal() - 1);
    }

    @Override
    public List<String> lost() {
        if (scaling.get() > 0) {
            return List.of();
        }
        List<String> lost = new ArrayList<>();
        watched.forEach((id, restartsBefore) -> {
            if (killed.containsKey(id)) {
                return;
            }
            Optional<InspectContainerResponse> now = project.inspect(id);
            if (now.isEmpty()) {
                lost.add("container %s was removed".formatted(id.substring(0, 12)));
                return;
            }
            InspectContainerResponse container = now.get();
            boolean running = Boolean.TRUE.equals(container.getState().getRunning());
            int restarts = container.getRestartCount() == null ? 0 : container.getRestartCount();
            if (!running || restarts > restartsBefore) {
                lost.add("%s %s; its last lines:%n%s".formatted(container.getName().replaceFirst("^/", ""),
                        howItEnded(container, running), project.logTail(id, 10).indent(2).stripTrailing()));
            }
        });
        return lost;
    }

    private static String howItEnded(InspectContainerResponse container, boolean running) {
        var state = container.getState();
        String oom = Boolean.TRUE.equals(state.getOOMKilled()) ? ", killed for memory (OOM)" : "";
        return running ? "ended and was restarted by Docker%s (restart policy)".formatted(oom)
                : "exited with code %s%s".formatted(state.getExitCodeLong(), oom);
    }

    @Override
    public void restore() {
        for (Container container : project.running()) {
            if (slowed.contains(container.getId())) {
                slowDown(container, Duration.ZERO);
            }
        }
        slowed.clear();
        prepared.forEach((variant, replicas) -> {
            if (project.running(service(variant)).size() != replicas || killed.containsValue(variant)) {
                scale(variant, replicas);
            }
        });
        killed.clear();
        watchRunning();
    }

    @Override
    public void purgeCache() {
        traffic.purgeCache();
    }

    private void watchRunning() {
        watched.clear();
        for (Container container : project.running()) {
            if (!killed.containsKey(container.getId())) {
                watched.put(container.getId(), project.inspect(container.getId())
                        .map(inspected -> inspected.getRestartCount() == null ? 0 : inspected.getRestartCount()).orElse(0));
            }
        }
    }

    private static List<String> variants() {
        return Service.variants().stream().map(variant -> variant.variant().orElseThrow()).toList();
    }

    private static String service(String variant) {
        return "service-" + variant;
    }

    @Override
    public void close() {
        stats.close();
        project.close();
    }
}
