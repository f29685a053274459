package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;

import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.topology.LabException;

/**
 * A compose deployment on this machine's Docker engine ({@code --target URL --docker PROJECT}):
 * each container's CPU and memory from the engine, and a scenario's events done to the project's
 * containers — SIGKILL through the Docker API, a slowdown through {@code docker exec}, a scale
 * through the compose CLI ({@link ComposeProject}).
 */
public final class ComposeTarget extends ChangeableTarget<Container> implements AutoCloseable {

    private final ComposeProject project;
    private final ContainerStats stats;

    private ComposeTarget(RemoteTarget traffic, ComposeProject project, ContainerStats stats) {
        super(traffic);
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

    /** Running containers of the variant's service, by compose's numbering. */
    @Override
    List<Container> running(String variant) {
        return project.running(serviceOf(variant));
    }

    @Override
    String id(Container replica) {
        return replica.getId();
    }

    @Override
    String name(Container replica) {
        return ComposeProject.containerName(replica);
    }

    @Override
    int restarts(Container replica) {
        return project.inspect(replica.getId()).map(ComposeTarget::restarts).orElse(0);
    }

    private static int restarts(InspectContainerResponse container) {
        return container.getRestartCount() == null ? 0 : container.getRestartCount();
    }

    @Override
    void kill(Container replica) {
        project.kill(replica);
    }

    @Override
    void slowDown(Container replica, Duration io) {
        int status = project.management(replica, "POST", "/actuator/labslowdown",
                "{\"io\":\"%s\"}".formatted(Quantities.format(io)));
        if (status != 200) {
            throw new LabException("%s did not take the slowdown (labslowdown answered %d)".formatted(name(replica), status));
        }
    }

    @Override
    void scaleTo(String variant, int replicas) {
        project.scale(serviceOf(variant), replicas);
    }

    /** A scale must add replicas like the running ones, or the run compares unlike replicas. */
    @Override
    void checkScaleWouldMatch(String variant) {
        project.configurationDrift(serviceOf(variant)).ifPresent(drift -> {
            throw new LabException(drift);
        });
    }

    @Override
    String scaleHint() {
        return "docker compose up -d --scale service-%s=%d";
    }

    @Override
    String cacheAdvice() {
        return "--cache switches the local lab's gateway cache; on compose set LAB_GATEWAY_CACHE_ENABLED and bring the "
                + "gateway up again (docker compose up -d gateway), once per setting";
    }

    @Override
    String where() {
        return "the compose project";
    }

    /** Containers that stopped, restarted (the restart policy) or were removed, with how they ended and their last lines. */
    @Override
    List<String> lostAmong(Map<String, Integer> restartsBefore) {
        List<String> lost = new ArrayList<>();
        restartsBefore.forEach((id, before) -> {
            Optional<InspectContainerResponse> now = project.inspect(id);
            if (now.isEmpty()) {
                lost.add("container %s was removed".formatted(id.substring(0, 12)));
                return;
            }
            InspectContainerResponse container = now.get();
            boolean running = Boolean.TRUE.equals(container.getState().getRunning());
            if (!running || restarts(container) > before) {
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
    public void close() {
        stats.close();
        project.close();
    }
}
