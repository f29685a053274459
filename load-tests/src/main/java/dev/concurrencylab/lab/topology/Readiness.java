package dev.concurrencylab.lab.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.concurrencylab.launcher.LogTail;

/**
 * Waits until every process answers its readiness probe, reporting each as it becomes ready.
 * A process that exits meanwhile fails the wait at once, with the tail of its log.
 */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(150);

    private final Actuator actuator;
    private final Duration timeout;

    public Readiness(Actuator actuator, Duration timeout) {
        this.actuator = actuator;
        this.timeout = timeout;
    }

    /** @return seconds from launch to ready, per process name, in the order they became ready */
    public Map<String, Duration> await(List<LabProcess> processes, BiConsumer<LabProcess, Duration> onReady) {
        Map<String, Duration> ready = new LinkedHashMap<>();
        List<LabProcess> waiting = new ArrayList<>(processes);
        Instant deadline = Instant.now().plus(timeout);
        while (!waiting.isEmpty()) {
            for (LabProcess process : List.copyOf(waiting)) {
                if (!process.isAlive()) {
                    throw new LabException("%s exited while starting. Last lines of %s:%n%s".formatted(
                            process.name(), process.log(), LogTail.of(Path.of(process.log()), 25)));
                }
                if (actuator.isReady(process)) {
                    Duration took = Duration.between(process.startedAt(), Instant.now());
                    ready.put(process.name(), took);
                    waiting.remove(process);
                    onReady.accept(process, took);
                }
            }
            if (!waiting.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new LabException("not ready after %d s: %s (see their logs in %s)".formatted(timeout.toSeconds(),
                            waiting.stream().map(LabProcess::name).toList(), Path.of(waiting.getFirst().log()).getParent()));
                }
                sleep();
            }
        }
        return ready;
    }

    /** Polling an HTTP probe is what readiness is; the pause bounds the polling rate. */
    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting for readiness");
        }
    }
}
