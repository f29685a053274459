package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.concurrencylab.lab.report.BenchResults.ProcessSample;

/** Where the bench sends its traffic and whom it watches meanwhile. */
public interface BenchTarget {

    /** Platform threads per MVC replica ({@code server.tomcat.threads.max} in services/mvc). */
    int MVC_THREADS_PER_REPLICA = 200;

    /** The gateway's base URL; variants are reached under {@code /<variant>}. */
    URI base();

    /** Processes whose actuators are read every second (may be empty). */
    List<ObservedProcess> processes();

    /** The latest CPU and memory of the deployment's containers, by container name, if they are watched. */
    default Map<String, ProcessSample> containerSamples() {
        return Map.of();
    }

    /** Replicas the variant has now, if known. */
    Integer replicasOf(String variant);

    /** Brings the deployment to what the cell asks (replica count, cache setting), or says why it cannot. */
    void prepare(MatrixCell cell);

    /** Empties the gateway's cache so one run's entries do not serve the next, where the gateway allows it. */
    void purgeCache();
}
