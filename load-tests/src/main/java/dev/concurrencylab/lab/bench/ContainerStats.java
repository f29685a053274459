package dev.concurrencylab.lab.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import dev.concurrencylab.lab.report.BenchResults.ProcessSample;
import dev.concurrencylab.lab.topology.LabException;

/**
 * CPU and memory of a compose project's containers, from the Docker API's stats stream (one
 * sample a second per container, kept as the latest): what a deployment in containers costs,
 * replica by replica, without an actuator to ask.
 */
public final class ContainerStats implements AutoCloseable {

    private static final String PROJECT_LABEL = "com.docker.compose.project";
    private static final String SERVICE_LABEL = "com.docker.compose.service";

    private final DockerClient docker;
    private final Map<String, ProcessSample> latest = new ConcurrentHashMap<>();
    private final List<ResultCallback.Adapter<Statistics>> streams = new ArrayList<>();

    private ContainerStats(DockerClient docker) {
        this.docker = docker;
    }

    /** Starts streaming the stats of every running container of the compose project. */
    public static ContainerStats of(String project) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        DockerClient docker = DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).build());
        ContainerStats stats = new ContainerStats(docker);
        List<Container> containers;
        try {
            containers = docker.listContainersCmd().withLabelFilter(Map.of(PROJECT_LABEL, project)).exec();
        } catch (RuntimeException unreachable) {
            stats.close();
            throw new LabException("--docker: the Docker engine at %s did not answer (%s)".formatted(config.getDockerHost(),
                    unreachable.getMessage()));
        }
        if (containers.isEmpty()) {
            stats.close();
            throw new LabException("--docker: no running container of compose project '%s'; start it (docker compose up) "
                    + "or name its project: --docker=<project>".formatted(project));
        }
        containers.forEach(stats::follow);
        return stats;
    }

    /** The latest sample of each container, by container name. */
    public Map<String, ProcessSample> latest() {
        return Map.copyOf(latest);
    }

    private void follow(Container container) {
        String name = container.getNames().length > 0 ? container.getNames()[0].replaceFirst("^/", "") : container.getId();
        String role = role(container.getLabels().getOrDefault(SERVICE_LABEL, name));
        ResultCallback.Adapter<Statistics> stream = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics statistics) {
                latest.put(name, new ProcessSample(role, cpuShare(statistics), null, memoryBytes(statistics), null, null,
                        null, null, null, null, null, null, null, "docker"));
            }
        };
        streams.add(docker.statsCmd(container.getId()).exec(stream));
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
        for (ResultCallback.Adapter<Statistics> stream : streams) {
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
