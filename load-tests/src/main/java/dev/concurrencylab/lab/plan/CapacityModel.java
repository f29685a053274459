package dev.concurrencylab.lab.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.concurrencylab.lab.scenario.Scenario;

/**
 * The plan's model, readable as formulas (load-tests/README.md, "The plan", writes them out):
 * <ul>
 * <li>each replica serves at most the least of its bounds: CPU ({@code 0.9 × cores ÷ CPU per
 * request}), mvc's threads ({@code threads ÷ time a request holds one}, Little's law), the
 * downstream pool for the calls to downstream ({@code connections ÷ (calls per request × I/O
 * wait)}), the heap ({@code (max heap − live heap at rest) ÷ (heap per request in flight × time in
 * flight)}) and resident memory outside it (the same with the memory limit); the gateway, one for
 * all, at most {@code 0.9 × its cores ÷ its CPU per request};</li>
 * <li>the cache answers {@link CacheModel#hitRatio} of the requests, and only the rest reach the
 * replicas;</li>
 * <li>a closed workload offers {@code users ÷ (response time + think)}, found by iteration;</li>
 * <li>a request's CPU queues like M/M/1 on the replica's cores: time on CPU is exponential with
 * mean {@code S ÷ (1 − ρ)}, so its p-quantile is {@code −ln(1 − p) × S ÷ (1 − ρ)}, after the I/O
 * wait and the hops; the latency quantiles mix hits and misses.</li>
 * </ul>
 * Limits: the I/O wait is taken as constant; garbage collection, the JIT and the load generator's
 * own share of a shared machine are not modelled (calibrating on the machine folds the last into
 * the costs).
 */
public final class CapacityModel {

    /** The busy share a bound is taken at: above it, queueing grows faster than any p99 target allows. */
    static final double MAX_UTILISATION = 0.9;
    private static final int ITERATIONS = 200;
    /** Relative change of the throughput below which the iteration has found its fixed point. */
    private static final double CONVERGED = 1e-12;

    private final Costs costs;
    private final double replicaCpus;
    /**
     * The cache model of each workload asked about: a plan predicts one workload at up to 64 sizes
     * × 6 answers, and a zipf key table of up to 100,000 keys is worth computing once.
     */
    private final Map<PlanWorkload, CacheModel> caches = new ConcurrentHashMap<>();

    public CapacityModel(Costs costs, double replicaCpus) {
        this.costs = costs;
        this.replicaCpus = replicaCpus;
    }

    /** The replica bounds of a variant for this workload with nothing answered by the cache, tightest first. */
    public List<Bound> replicaBounds(String variant, PlanWorkload workload) {
        return replicaBounds(variant, workload, 0);
    }

    /** The replica bounds of a variant for this workload when the cache answers {@code hit} of it, tightest first. */
    List<Bound> replicaBounds(String variant, PlanWorkload workload, double hit) {
        VariantCosts variantCosts = costs.of(variant);
        Limits limits = costs.limits();
        double service = variantCosts.serviceSeconds(workload, hit);
        double held = workload.ioSeconds() + service / replicaCpus;
        List<Bound> bounds = new ArrayList<>();
        bounds.add(new Bound("cpu", MAX_UTILISATION * replicaCpus / service,
                "%.0f%% of %.2f cores ÷ %.0f µs of CPU per request".formatted(MAX_UTILISATION * 100, replicaCpus, service * 1e6)));
        if (variant.equals("mvc")) {
            bounds.add(new Bound("threads", limits.mvcThreads() / held,
                    "%d threads ÷ %.3f s a request holds one (Little's law)".formatted(limits.mvcThreads(), held)));
        }
        double blocking = eventLoopBlockingShare(variant, workload, hit);
        if (blocking > 0) {
            bounds.add(new Bound("event loops", limits.eventLoops() / (blocking * held),
                    "%d event loops ÷ (%.2f of requests × %.3f s each blocks one)".formatted(limits.eventLoops(), blocking, held)));
        }
        double calls = downstreamCallsPerRequest(workload, hit);
        if (calls > 0 && workload.ioSeconds() > 0) {
            bounds.add(new Bound("downstream pool", limits.downstreamConnections() / (calls * workload.ioSeconds()),
                    "%d connections ÷ (%.2f calls per request × %.3f s each holds one)"
                            .formatted(limits.downstreamConnections(), calls, workload.ioSeconds())));
        }
        double heapPerRequest = variantCosts.heapPerInFlight() + workload.bytes();
        if (heapPerRequest > 0) {
            bounds.add(new Bound("heap", (limits.replicaHeapBytes() - variantCosts.idleHeapBytes()) / (heapPerRequest * held),
                    "(%d − %d MiB of heap) ÷ (%.1f KiB per request in flight × %.3f s)".formatted(limits.replicaHeapBytes() >> 20,
                            variantCosts.idleHeapBytes() >> 20, heapPerRequest / 1024, held)));
        }
        if (variantCosts.residentPerInFlight() > 0) {
            bounds.add(new Bound("memory", (limits.replicaMemoryBytes() - variantCosts.idleResidentBytes())
                    / ((double) variantCosts.residentPerInFlight() * held),
                    "(%d − %d MiB resident) ÷ (%.1f KiB resident per request in flight × %.3f s)".formatted(
                            limits.replicaMemoryBytes() >> 20, variantCosts.idleResidentBytes() >> 20,
                            variantCosts.residentPerInFlight() / 1024.0, held)));
        }
        bounds.sort(Comparator.comparingDouble(Bound::requestsPerSecond));
        return bounds;
    }

    /**
     * Share of the requests reaching a webflux replica that block its event loop ({@code io-mode=block}
     * on work): each holds one of the few loops for its whole wait, the way a thread holds mvc's.
     */
    private static double eventLoopBlockingShare(String variant, PlanWorkload workload, double hit) {
        if (!variant.equals("webflux") || workload.ioMode() != Scenario.IoMode.BLOCK
                || workload.ioSeconds() == 0) {
            return 0;
        }
        double workShare = 1 - workload.cacheable();
        double missShare = workload.cacheable() * (1 - hit);
        return workShare + missShare == 0 ? 0 : workShare / (workShare + missShare);
    }

    /** Calls to downstream per request reaching a replica: work with {@code io-mode=downstream}, and every cache miss. */
    private static double downstreamCallsPerRequest(PlanWorkload workload, double hit) {
        double workShare = 1 - workload.cacheable();
        double missShare = workload.cacheable() * (1 - hit);
        return workShare + missShare == 0 ? 0 : ((workload.downstream() ? workShare : 0) + missShare) / (workShare + missShare);
    }

    /** The gateway's bound at this hit ratio: it serves every request, hits and misses. */
    Bound gatewayBound(double hitRatio) {
        double micros = (1 - hitRatio) * costs.gatewayProxyMicros() + hitRatio * costs.gatewayHitMicros();
        double cpus = costs.limits().gatewayCpus();
        return new Bound("gateway cpu", MAX_UTILISATION * cpus / (micros / 1e6),
                "%.0f%% of %.2f cores ÷ %.0f µs of gateway CPU per request".formatted(MAX_UTILISATION * 100, cpus, micros));
    }

    public Prediction predict(String variant, boolean cache, int replicas, PlanWorkload workload) {
        VariantCosts variantCosts = costs.of(variant);
        double service = variantCosts.serviceSeconds(workload, 0);
        double unqueued = costs.hopMillis() / 1000 + workload.ioSeconds() + service / replicaCpus;
        double offered = workload.offered(unqueued);
        double throughput = offered;
        double hit = 0;
        Bound replicaBound = replicaBounds(variant, workload, 0).getFirst();
        Bound bound = replicaBound;
        double limit = Double.MAX_VALUE;
        CacheModel cacheModel = caches.computeIfAbsent(workload, CacheModel::new);
        for (int i = 0; i < ITERATIONS; i++) {
            hit = cache ? cacheModel.hitRatio(throughput) : 0;
            service = variantCosts.serviceSeconds(workload, hit);
            replicaBound = replicaBounds(variant, workload, hit).getFirst();
            Bound gateway = gatewayBound(hit);
            double replicasAllow = replicas * replicaBound.requestsPerSecond() / (1 - hit);
            bound = gateway.requestsPerSecond() < replicasAllow ? gateway : replicaBound;
            limit = Math.min(gateway.requestsPerSecond(), replicasAllow);
            double next = Math.min(workload.offered(meanResponse(hit, utilisation(throughput, hit, replicas, service),
                    workload, service)), limit);
            double previous = throughput;
            throughput = workload.closed() ? (throughput + next) / 2 : Math.min(workload.rate(), limit);
            if (Math.abs(throughput - previous) <= CONVERGED * previous) {
                break;
            }
        }
        boolean saturated = offered > limit * 1.0001;
        double rho = utilisation(throughput, hit, replicas, service);
        double p50;
        double p99;
        if (!saturated) {
            p50 = quantile(0.50, hit, rho, workload, service) * 1000;
            p99 = quantile(0.99, hit, rho, workload, service) * 1000;
        } else if (workload.closed()) {
            // the users queue: Little's law gives the time each waits in all
            p50 = p99 = (workload.users() / throughput - workload.thinkSeconds()) * 1000;
        } else {
            p50 = p99 = Double.POSITIVE_INFINITY;
        }
        double perReplica = throughput * (1 - hit) / replicas;
        double inFlight = perReplica * (workload.ioSeconds() + service / replicaCpus / (1 - Math.min(rho, MAX_UTILISATION)));
        double gatewayMicros = (1 - hit) * costs.gatewayProxyMicros() + hit * costs.gatewayHitMicros();
        return new Prediction(variant, cache, replicas, offered, throughput, hit, p50, p99, perReplica * service,
                throughput * gatewayMicros / 1e6, inFlight,
                variantCosts.idleResidentBytes() + inFlight * variantCosts.residentPerInFlight(), bound, saturated);
    }

    private double utilisation(double throughput, double hit, int replicas, double service) {
        return throughput * (1 - hit) / replicas * service / replicaCpus;
    }

    private double meanResponse(double hit, double rho, PlanWorkload workload, double service) {
        double miss = costs.hopMillis() / 1000 + workload.ioSeconds() + service / replicaCpus / (1 - Math.min(rho, 0.99));
        return hit * costs.hitMillis() / 1000 + (1 - hit) * miss;
    }

    /**
     * The p-quantile of the latency, hits and misses mixed: a hit takes {@code hitMillis}; a miss
     * the hops, the I/O wait and an exponential time on CPU. Solving {@code h + (1 − h) F(t) = p}
     * for t (when p lies beyond the hits' share).
     */
    private double quantile(double p, double hit, double rho, PlanWorkload workload, double service) {
        if (hit >= p) {
            return costs.hitMillis() / 1000;
        }
        double missQuantile = (p - hit) / (1 - hit);
        double onCpu = service / replicaCpus / (1 - Math.min(rho, 0.99));
        return costs.hopMillis() / 1000 + workload.ioSeconds() - Math.log(1 - missQuantile) * onCpu;
    }
}
