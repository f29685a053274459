package dev.concurrencylab.lab.calibrate;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.concurrencylab.lab.load.LoadGenerator;
import dev.concurrencylab.lab.load.LoadModel;
import dev.concurrencylab.lab.load.LoadResult;
import dev.concurrencylab.lab.topology.Actuator;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;

/**
 * Memory per request in flight of a replica: it holds {@code held} requests waiting 3 s in-process
 * (users sending again at once), and its memory then is compared with its memory at rest, both
 * right after a full collection.
 */
final class InFlightMemoryMeter {

    private static final Duration HOLD_IO = Duration.ofSeconds(3);
    private static final Duration HOLD_DEADLINE = Duration.ofSeconds(10);

    private final MemoryProbe memory = new MemoryProbe(new Actuator());

    /**
     * @param idle the replica at rest
     * @param held requests it held in flight when measured
     * @param heapBytes live heap per request in flight
     * @param residentBytes resident memory per request in flight
     */
    record Measured(MemorySnapshot idle, double held, double heapBytes, double residentBytes) {
    }

    Measured measure(LabProcess replica, int held) {
        MemorySnapshot idle = memory.take(replica);
        LoadGenerator generator = new LoadGenerator();
        CompletableFuture<LoadResult> holding = CompletableFuture.supplyAsync(() -> generator.run(URI.create(replica.url()),
                new LoadModel.Closed(held, Duration.ZERO, HOLD_IO.multipliedBy(3)), i -> "/work?io=" + HOLD_IO.toMillis() + "ms"));
        try {
            awaitInFlight(replica, 0.95 * held);
            MemorySnapshot busy = memory.take(replica);
            double inFlight = (memory.inFlight(replica) + busy.inFlight()) / 2;
            return new Measured(idle, inFlight, Math.max(0, busy.liveHeapBytes() - idle.liveHeapBytes()) / inFlight,
                    Math.max(0, busy.residentBytes() - idle.residentBytes()) / inFlight);
        } finally {
            generator.stop();
            holding.join();
        }
    }

    private void awaitInFlight(LabProcess replica, double atLeast) {
        long deadline = System.nanoTime() + HOLD_DEADLINE.toNanos();
        double inFlight;
        while ((inFlight = memory.inFlightIfAnswered(replica).orElse(0)) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new LabException("%s held only %.0f of %.0f requests in flight after %d s; ./lab status"
                        .formatted(replica.name(), inFlight, atLeast, HOLD_DEADLINE.toSeconds()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabException("interrupted while waiting for requests in flight");
            }
        }
    }
}
