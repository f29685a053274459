package dev.concurrencylab.core.work;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

import dev.concurrencylab.core.config.LabProperties;
import dev.concurrencylab.core.params.Durations;
import dev.concurrencylab.core.params.InvalidParameterException;
import dev.concurrencylab.core.params.QueryParameters;

/**
 * {@code GET /work?io=&cpu=&cpu-on=request|workers&bytes=&io-mode=sleep|block|downstream&downstream-status=}:
 * the synthetic knob endpoint. A variant parses the request here, burns the CPU here, waits for the I/O in its
 * own concurrency model, then responds here. Never cached ({@code no-store}): it stands for work
 * that must be done every time.
 */
public final class WorkResource {

    public static final String PATH = "/work";
    private static final Set<String> PARAMETERS = Set.of("io", "cpu", "cpu-on", "bytes", "io-mode", "downstream-status");
    private static final int OK = 200;

    private final LabProperties.Limits limits;
    private final CpuBurner cpuBurner;
    private final CpuWorkers cpuWorkers;
    private final Payloads payloads;

    public WorkResource(LabProperties.Limits limits, CpuBurner cpuBurner, CpuWorkers cpuWorkers) {
        this.limits = limits;
        this.cpuBurner = cpuBurner;
        this.cpuWorkers = cpuWorkers;
        this.payloads = new Payloads(Math.toIntExact(limits.maxBytes().toBytes()));
    }

    public WorkRequest request(Map<String, List<String>> query) {
        QueryParameters parameters = QueryParameters.of(query, PARAMETERS);
        IoMode ioMode = parameters.choice("io-mode", IoMode.SLEEP);
        int downstreamStatus = parameters.responseStatus("downstream-status");
        if (downstreamStatus != OK && ioMode != IoMode.DOWNSTREAM) {
            throw new InvalidParameterException("downstream-status", String.valueOf(downstreamStatus),
                    "only together with io-mode=downstream", "has no effect here");
        }
        return new WorkRequest(
                parameters.duration("io", Duration.ZERO, limits.maxIo()),
                parameters.duration("cpu", Duration.ZERO, limits.maxCpu()),
                parameters.bytes("bytes", limits.maxBytes()),
                ioMode,
                downstreamStatus,
                parameters.choice("cpu-on", CpuOn.REQUEST));
    }

    /** Burns the CPU the request asked for, on the calling thread ({@code cpu-on=request}). */
    public void burnCpu(WorkRequest request) {
        cpuBurner.burn(request.cpu());
    }

    /** Burns the CPU the request asked for on a worker thread ({@code cpu-on=workers}); completes when done. */
    public CompletableFuture<Void> burnCpuOnWorkers(WorkRequest request) {
        return request.cpu().isZero() ? CompletableFuture.completedFuture(null) : cpuWorkers.burn(request.cpu());
    }

    public ResponseEntity<WorkResult> respond(WorkRequest request) {
        WorkResult result = new WorkResult(Durations.format(request.io()), Durations.format(request.cpu()),
                QueryParameters.parameterValue(request.cpuOn()), request.bytes(), QueryParameters.parameterValue(request.ioMode()),
                payloads.of(request.bytes()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(result);
    }
}
