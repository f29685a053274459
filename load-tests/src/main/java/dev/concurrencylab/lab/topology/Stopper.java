package dev.concurrencylab.lab.topology;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a lab process the way an orchestrator does: SIGTERM (graceful shutdown), SIGKILL after a grace period. */
public final class Stopper {

    /** How a process ended. */
    public enum Outcome { GRACEFUL, FORCED, ALREADY_GONE }

    private final Duration grace;

    public Stopper(Duration grace) {
        this.grace = grace;
    }

    public Outcome stop(LabProcess process) {
        Optional<ProcessHandle> handle = process.handle();
        if (handle.isEmpty()) {
            return Outcome.ALREADY_GONE;
        }
        CompletableFuture<ProcessHandle> exited = handle.get().onExit();
        handle.get().destroy();
        try {
            exited.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return Outcome.GRACEFUL;
        } catch (TimeoutException stillRunning) {
            handle.get().destroyForcibly();
            exited.orTimeout(10, TimeUnit.SECONDS).join();
            return Outcome.FORCED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.get().destroyForcibly();
            return Outcome.FORCED;
        } catch (ExecutionException e) {
            return Outcome.ALREADY_GONE;
        }
    }
}
