package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local lab as a Prometheus sees it: {@code <lab dir>/prometheus/prometheus.yml}, a scrape
 * configuration that reads its targets from {@code targets.json} beside it (Prometheus's file-based
 * discovery, re-read every 5 s), and that file, rewritten on every change of the topology, so a
 * Prometheus started once follows {@code ./lab scale}. Every process is scraped on its management
 * port; the apps' own {@code instance} and {@code variant} labels are kept, as the lab's dashboard
 * groups by them.
 */
public final class PrometheusTargets {

    private static final String CONFIGURATION = """
            # Prometheus for the local lab, written by ./lab up:
            #   prometheus --config.file=%s
            # Every process of the lab, from targets.json beside this file, which the lab rewrites on every
            # change (up, scale, a gateway restart); the same scrape settings as compose and Kubernetes
            # (k8s/components/observability/prometheus).
            global:
              scrape_interval: 5s
              evaluation_interval: 5s
            scrape_configs:
              - job_name: concurrency-lab
                metrics_path: /actuator/prometheus
                honor_labels: true
                file_sd_configs:
                  - files: [targets.json]
                    refresh_interval: 5s
            """;

    private final Path folder;
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public PrometheusTargets(Path labDir) {
        this.folder = labDir.resolve("prometheus");
    }

    /** The configuration file to give Prometheus. */
    public Path configuration() {
        return folder.resolve("prometheus.yml");
    }

    /** Writes the configuration (once) and the targets of every process of the state. */
    public void write(LabState state) {
        List<Map<String, Object>> groups = state.processes().stream().map(process -> {
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("targets", List.of("127.0.0.1:" + process.managementPort()));
            group.put("labels", Map.of("process", process.name()));
            return group;
        }).toList();
        AtomicJson.write(json, folder.resolve("targets.json"), groups);
        try {
            if (!Files.exists(configuration())) {
                Files.writeString(configuration(), CONFIGURATION.formatted(configuration()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configuration(), e);
        }
    }

    /** No lab, no targets: a Prometheus still running finds none instead of dead ports. */
    public void clear() {
        if (Files.exists(folder)) {
            AtomicJson.write(json, folder.resolve("targets.json"), List.of());
        }
    }
}
