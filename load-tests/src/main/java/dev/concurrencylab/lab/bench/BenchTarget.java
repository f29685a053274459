package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.concurrencylab.lab.report.BenchResults.ProcessSample;
import dev.concurrencylab.lab.scenario.Event;
import dev.concurrencylab.lab.topology.LabException;

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

    /** Whether the bench can change this deployment: do events (kill, scale), resize its pools. */
    default boolean changesDeployment() {
        return false;
    }

    /** Checks before a run that it can be done here (its events' replicas exist, its settings can be made), or says why not. */
    default void checkCanRun(MatrixCell cell) {
        refuseEvents(cell);
        refusePoolChange(cell);
    }

    /** For a deployment the bench cannot change: a scenario with events is refused, named. */
    static void refuseEvents(MatrixCell cell) {
        if (!cell.scenario().events().isEmpty()) {
            throw new LabException("scenario " + cell.scenario().name() + " has events (" + cell.scenario().events().getFirst()
                    .describe() + ", ...): they run on the local lab (./lab up, then ./lab bench without --target), "
                    + "on compose (--target URL --docker) and on Kubernetes (--target URL --kubernetes)");
        }
    }

    /** Where the replicas' pool to downstream is set when they start, a scenario that resizes it is refused. */
    static void refusePoolChange(MatrixCell cell) {
        if (cell.scenario().downstreamPool() != null) {
            throw new LabException("scenario " + cell.scenario().name() + " sets downstream-pool: the bench resizes the pool "
                    + "on the local lab only; elsewhere give the replicas LAB_DOWNSTREAM_MAX_CONNECTIONS and leave the field out");
        }
    }

    /** Does one event of a scenario to the deployment now; returns when it is done. */
    default void apply(Event event) {
        throw new LabException(event.describe() + ": events run on the local lab only");
    }

    /**
     * The processes of the deployment that ended without being meant to, each described (how it
     * ended, its last log lines); empty when all run or where the bench cannot tell.
     */
    default List<String> lost() {
        return List.of();
    }

    /** After a run with events: the deployment as it was before the run (replicas killed or scaled brought back). */
    default void restore() {
    }

    /** After the last run: settings a scenario changed (the pool to downstream) back to how the deployment was brought up. */
    default void finish() {
    }
}
