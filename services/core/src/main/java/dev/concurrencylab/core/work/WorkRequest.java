package dev.concurrencylab.core.work;

import java.time.Duration;

/**
 * One {@code /work} request, validated.
 *
 * @param io how long to wait for I/O
 * @param cpu how much CPU time to burn
 * @param bytes payload size of the response
 * @param ioMode how to wait
 * @param downstreamStatus the status downstream is asked to answer with (io-mode=downstream)
 * @param cpuOn where to burn the CPU
 */
public record WorkRequest(Duration io, Duration cpu, int bytes, IoMode ioMode, int downstreamStatus, CpuOn cpuOn) {
}
