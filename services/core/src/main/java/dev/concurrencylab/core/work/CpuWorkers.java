package dev.concurrencylab.core.work;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Platform threads for CPU work ({@code cpu-on=workers}), as many as there are cores: the right
 * place for CPU-heavy work in a model whose request threads must not be held (an event loop, the
 * carriers of virtual threads). The queue in front is bounded by the requests in flight, which the
 * server bounds.
 */
public final class CpuWorkers implements AutoCloseable {

    private final CpuBurner burner;
    private final ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            Thread.ofPlatform().daemon().name("cpu-worker-", 1).factory());

    public CpuWorkers(CpuBurner burner) {
        this.burner = burner;
    }

    /** Burns {@code cpu} on a worker; completes, on that worker, when it is done. */
    public CompletableFuture<Void> burn(Duration cpu) {
        return CompletableFuture.runAsync(() -> burner.burn(cpu), workers);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
