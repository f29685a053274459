package dev.concurrencylab.lab.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;

import dev.concurrencylab.lab.report.BenchResults.ProcessSample;
import dev.concurrencylab.lab.topology.LabException;

/**
 * CPU and memory of a compose project's containers, from the Docker API's stats stream (one
 * sample a second per container, kept as the latest): what a deployment in containers costs,
 * replica by replica, without an actuator to ask. Containers are followed as they come (a scale)
 * and dropped while they are stopped.
 */
public final class ContainerStats implements AutoCloseable {

    private final DockerClient docker;
    private final String project;
    private final Map<String, ProcessSample> latest = new ConcurrentHashMap<>();
    /** Stats streams by container id: one per container, begun when it was first seen running. */
    private final Map<String, ResultCallback.Adapter<Statistics>> streams = new ConcurrentHashMap<>();
    /** Looks for new containers every second, so a replica a scale starts is sampled from its start. */
    private final ScheduledExecutorService lookout = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lab-container-lookout").factory());

    private ContainerStats(DockerClient docker, String project) {
        this.docker = docker;
        this.project = project;
    }

    /** Starts streaming the stats of every running container of the compose project. */
    public static ContainerStats of(String project) {
        ContainerStats stats = new ContainerStats(DockerEngine.connect(), project);
        List<Container> containers;
        try {
            containers = stats.running();
        } catch (RuntimeException unreachable) {
            stats.close();
            throw new LabException("--docker: the Docker engine at %s did not answer (%s)".formatted(DockerEngine.host(),
                    unreachable.getMessage()));
        }
        if (containers.isEmpty()) {
            stats.close();
            throw new LabException(("--docker: no running container of compose project '%s'; start it (docker compose up) "
                    + "or name its project: --docker=<project>").formatted(project));
        }
        containers.forEach(stats::follow);
        stats.lookout.scheduleWithFixedDelay(stats::followNew, 1, 1, TimeUnit.SECONDS);
        return stats;
    }

    private void followNew() {
        try {
            running().stream().filter(container -> !streams.containsKey(container.getId())).forEach(this::follow);
        } catch (RuntimeException engineBusy) {
            // the next look, a second later, finds them
        }
    }

    /** The latest sample of each running container, by container name. */
    public Map<String, ProcessSample> latest() {
        return Map.copyOf(latest);
    }

    private List<Container> running() {
        return docker.listContainersCmd().withLabelFilter(Map.of(ComposeProject.PROJECT_LABEL, project)).exec();
    }

    private void follow(Container container) {
        String name = container.getNames().length > 0 ? container.getNames()[0].replaceFirst("^/", "") : container.getId();
        String role = role(container.getLabels().getOrDefault(ComposeProject.SERVICE_LABEL, name));
        ResultCallback.Adapter<Statistics> stream = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics statistics) {
                Double cpu = cpuShare(statistics);
                Double memory = memoryBytes(statistics);
                if (cpu == null && memory == null) {
                    // a stopped container's stream goes on with empty stats (and resumes if it starts again)
                    latest.remove(name);
                    return;
                }
                latest.put(name, new ProcessSample(role, cpu, null, memory, null, null, null, null, null, null, null, null,
                        null, "docker"));
            }

            /** The container ended (killed, scaled away): its last sample is not the deployment's any more. */
            @Override
            public void onComplete() {
                latest.remove(name);
                streams.remove(container.getId());
                super.onComplete();
            }
        };
        streams.put(container.getId(), docker.statsCmd(container.getId()).exec(stream));
    }

    /** {@code service-mvc} → {@code mvc}; {@code gateway} and {@code downstream} stay. */
    static String role(String service) {
        return service.startsWith("service-") ? service.substring("service-".length()) : service;
    }

    /** Share of the whole machine's CPU since the previous sample, 0..1 (Docker's own CPU % divided by the cores). */
    private static Double cpuShare(Statistics statistics) {
        CpuStatsConfig now = statistics.getCpuStats();
        CpuStatsConfig before = statistics.getPreCpuStats();
        if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null
                || now.getSystemCpuUsage() == null || before.getSystemCpuUsage() == null
                || now.getCpuUsage().getTotalUsage() == null || before.getCpuUsage().getTotalUsage() == null) {
            return null;
        }
        double container = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
        double system = now.getSystemCpuUsage() - before.getSystemCpuUsage();
        return system <= 0 ? null : Math.clamp(container / system, 0.0, 1.0);
    }

    /** Memory in use without the page cache it could give back, as {@code docker stats} shows it. */
    private static Double memoryBytes(Statistics statistics) {
        MemoryStatsConfig memory = statistics.getMemoryStats();
        if (memory == null || memory.getUsage() == null) {
            return null;
        }
        long cache = memory.getStats() == null ? 0
                : memory.getStats().getInactiveFile() != null ? memory.getStats().getInactiveFile()
                : memory.getStats().getCache() != null ? memory.getStats().getCache() : 0;
        return (double) Math.max(0, memory.getUsage() - cache);
    }

    @Override
    public void close() {
        lookout.shutdownNow();
        for (ResultCallback.Adapter<Statistics> stream : streams.values()) {
            try {
                stream.close();
            } catch (IOException alreadyClosed) {
                // nothing left to stop
            }
        }
        try {
            docker.close();
        } catch (IOException alreadyClosed) {
            // nothing left to stop
        }
    }
}
