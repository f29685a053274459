package dev.concurrencylab.lab.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./lab bench} measured: written as {@code results.json} next to the report, and all the
 * report is made from. The schema is documented in {@code load-tests/README.md}; {@link #SCHEMA}
 * changes when a field changes meaning or goes away (new fields may appear without it).
 *
 * @param schema version of this layout
 * @param startedAt when the bench began
 * @param target the gateway (or service) the load was sent to
 * @param machine where the load generator ran
 * @param runs one per cell of the matrix, in the order they ran
 * @param stoppedBecause why the bench stopped before the end of the matrix, when it was not Ctrl-C; else {@code null}
 */
public record BenchResults(int schema, Instant startedAt, String target, Machine machine, List<Run> runs,
        String stoppedBecause) {

    public static final int SCHEMA = 1;

    /**
     * @param cores processors the JVM sees
     * @param os name and version
     * @param java runtime version of the harness
     */
    public record Machine(int cores, String os, String java) {
    }

    /**
     * One scenario against one variant (at one replica count and cache setting).
     *
     * @param scenario scenario name
     * @param description what the scenario asks
     * @param variant {@code mvc}, {@code virtual} or {@code webflux}
     * @param replicas replicas of the variant during the run, if known
     * @param cache {@code on}, {@code off}, or {@code deployed} (as the target was configured)
     * @param workload the traffic offered
     * @param threadPool mvc: platform threads that can serve requests at once (per replica × replicas), if known
     * @param summary the measured totals
     * @param seconds the load generator's view, second by second
     * @param observed the processes' and the machine's view, second by second
     * @param stopped whether the run was cut short (Ctrl-C)
     * @param predicted what {@code ./lab plan} predicted for this run ({@code --verify}), else {@code null}
     * @param events what was done to the deployment during the run (kill, scale); absent in older results
     * @param stoppedBecause why the bench stopped this run, when it was not Ctrl-C (a process it did not mean to lose ended)
     */
    public record Run(String scenario, String description, String variant, Integer replicas, String cache,
            Workload workload, Integer threadPool, Summary summary, List<Second> seconds, List<Observed> observed,
            boolean stopped, Predicted predicted, List<EventMark> events, String stoppedBecause) {

        public Run withPrediction(Predicted prediction) {
            return new Run(scenario, description, variant, replicas, cache, workload, threadPool, summary, seconds, observed,
                    stopped, prediction, events, stoppedBecause);
        }

        public List<EventMark> eventsOrEmpty() {
            return events == null ? List.of() : events;
        }
    }

    /**
     * One event of a run, as it happened.
     *
     * @param atSeconds when it was done, from the start of the measured window
     * @param event what, e.g. {@code kill service-webflux-1}
     * @param tookSeconds how long doing it took (a scale waits for the new replicas to be ready)
     * @param failure why it could not be done, else {@code null}
     */
    public record EventMark(double atSeconds, String event, double tookSeconds, String failure) {
    }

    /**
     * A plan's prediction for a run, to compare with what it measured.
     *
     * @param replicas the replicas the plan chose (the run ran with them)
     * @param throughput requests per second
     * @param p50Millis median latency
     * @param p99Millis 99th percentile latency
     * @param hitRatio share of all requests the gateway's cache answers
     * @param cpuPerReplica cores each replica is busy serving
     * @param bound what limits it at that size
     */
    public record Predicted(int replicas, double throughput, double p50Millis, double p99Millis, double hitRatio,
            double cpuPerReplica, String bound) {
    }

    /**
     * @param model {@code closed} (users) or {@code open} (rate)
     * @param users simultaneous users (closed)
     * @param rate requests per second offered (open)
     * @param thinkMillis pause between a user's requests (closed)
     * @param ioMillis I/O wait per request
     * @param cpuMillis CPU time per work request
     * @param bytes payload of work requests
     * @param mix weights: work, products, recommendations
     * @param keys how ids are drawn, e.g. {@code zipf(1.2) over 1000}
     * @param durationSeconds measured time
     * @param warmupSeconds load before measuring, not counted
     * @param ioMode how the I/O was waited: {@code sleep}, {@code block}, {@code downstream} (absent in older results)
     * @param downstreamPool each replica's pool of connections to downstream, when the run set it
     * @param cpuOn where the CPU was burnt: {@code request} (the request's thread) or {@code workers}
     */
    public record Workload(String model, Integer users, Double rate, double thinkMillis, double ioMillis,
            double cpuMillis, int bytes, Map<String, Integer> mix, String keys, double durationSeconds,
            double warmupSeconds, String ioMode, Integer downstreamPool, String cpuOn) {

        /** Share of the requests that go to the work endpoint (the one whose I/O mode is chosen). */
        public double workShare() {
            int total = mix.values().stream().mapToInt(Integer::intValue).sum();
            return total == 0 ? 0 : mix.getOrDefault("work", 0) / (double) total;
        }

        public double cacheableShare() {
            int total = mix.values().stream().mapToInt(Integer::intValue).sum();
            return total == 0 ? 0 : mix.getOrDefault("products", 0) / (double) total;
        }
    }

    /**
     * Latencies in milliseconds, from the intended send time (coordinated omission corrected).
     *
     * @param requests answered requests (any status)
     * @param throughput answered requests per second
     * @param uncorrectedP99 p99 from the actual send, for comparison
     * @param errors failures by kind ({@code status-5xx}, {@code status-4xx}, {@code timeout}, {@code connect}, {@code io})
     * @param late open model: sends more than 1 ms behind schedule
     * @param dropped open model: sends never made because too many waited
     * @param endpoints latency by endpoint (path with ids written {@code {id}}); absent in older results
     */
    public record Summary(long requests, double throughput, double p50, double p90, double p99, double p999,
            double max, double uncorrectedP99, Map<String, Long> errors, long late, long dropped,
            Map<String, EndpointLatency> endpoints) {

        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        public Map<String, EndpointLatency> endpointsOrEmpty() {
            return endpoints == null ? Map.of() : endpoints;
        }
    }

    /** One endpoint's measured requests and their latencies (ms, corrected). */
    public record EndpointLatency(long requests, double p50, double p99) {
    }

    /**
     * One second from the load generator: answered requests, failed requests and latency percentiles (ms).
     *
     * @param failed requests that failed in this second (absent, so 0, in older results)
     */
    public record Second(int second, long requests, long failed, double p50, double p90, double p99, double p999) {
    }

    /**
     * One second from the processes' actuators and the machine.
     *
     * @param machineCpu this machine's CPU busy, 0..1 (all cores), if readable
     * @param processes by replica name
     */
    public record Observed(int second, Double machineCpu, Map<String, ProcessSample> processes) {
    }

    /**
     * Values an actuator reported (absent when it does not report them).
     *
     * @param role {@code gateway}, {@code downstream} or the variant name
     * @param cpu the process's share of the machine's CPU, 0..1
     * @param heapBytes heap in use
     * @param rssBytes resident memory (local processes only)
     * @param threads live platform threads
     * @param virtualThreads live virtual threads
     * @param inFlight requests accepted and not yet answered
     * @param cacheHits gateway: responses from cache so far (hit, stale, revalidated)
     * @param cacheMisses gateway: responses fetched from upstream so far (miss)
     * @param pendingTasks webflux: tasks waiting for an event loop, summed over its loops
     *     ({@code reactor.netty.eventloop.pending.tasks})
     * @param eventLoops webflux: event loops that have served a connection
     * @param eventLoopLagMillis webflux: how late its most delayed loop ran a task scheduled on it, the most in
     *     the last second ({@code lab.eventloop.lag}): near zero unless something blocks or hogs a loop
     * @param poolPending requests waiting for a pooled connection to downstream
     * @param source {@code actuator} (the process's own metrics) or {@code docker} (its container's
     *     stats: CPU and memory only, {@code rssBytes} then being the container's memory)
     */
    public record ProcessSample(String role, Double cpu, Double heapBytes, Double rssBytes, Double threads,
            Double virtualThreads, Double inFlight, Double cacheHits, Double cacheMisses, Double pendingTasks,
            Double eventLoops, Double eventLoopLagMillis, Double poolPending, String source) {

        public boolean fromDocker() {
            return "docker".equals(source);
        }
    }
}
