package dev.concurrencylab.lab.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.concurrencylab.lab.scenario.Scenario;

/** The plan's formulas on fixed inputs and fixed costs (not the shipped ones, which calibration may change). */
class PlanModelTest {

    /**
     * 100 µs per request for every variant and endpoint, 50/10 µs for the gateway, 200 threads,
     * 320 MiB of which 250 at rest, a 128 MiB heap of which 40 live at rest, 12 KiB of heap and
     * 4 KiB outside it per request in flight.
     */
    private static final VariantCosts EACH = new VariantCosts(100, 100, 100, 250L << 20, 40L << 20, 12L << 10, 4L << 10);
    private static final Costs COSTS = new Costs("test", Map.of("mvc", EACH, "virtual", EACH, "webflux", EACH),
            50, 10, 0.2, 0.5, new Limits(200, 4, 1000, 1.0, 320L << 20, 128L << 20));

    private final CapacityModel model = new CapacityModel(COSTS, 0.5);
    private final Planner planner = new Planner(model);

    @Test
    @DisplayName("600 users waiting 2 s: mvc is bound by 200 threads ÷ 2 s per replica and needs 3; the others need 1")
    void threadsPerRequestBoundMvcByLittlesLaw() {
        PlanWorkload workload = closed(600, Duration.ofSeconds(2), Duration.ZERO);

        Bound mvc = model.replicaBounds("mvc", workload).getFirst();
        assertThat(mvc.resource()).isEqualTo("threads");
        assertThat(mvc.requestsPerSecond()).isCloseTo(200 / 2.0002, within(0.01));
        assertThat(planner.answer("mvc", false, workload, null).prediction().replicas()).isEqualTo(3);
        assertThat(planner.answer("virtual", false, workload, null).prediction().replicas()).isEqualTo(1);
        assertThat(planner.answer("webflux", false, workload, null).prediction().replicas()).isEqualTo(1);
        Prediction webflux = model.predict("webflux", false, 1, workload);
        assertThat(webflux.throughput()).isCloseTo(600 / 2.0004, within(0.5));
        assertThat(webflux.inFlightPerReplica()).as("Little's law: rate × time in flight").isCloseTo(600, within(1.0));
    }

    @Test
    @DisplayName("io-mode=block: each webflux request holds one of 4 event loops for its wait; the thread models are unchanged")
    void blockingTheEventLoopBoundsWebfluxByItsLoops() {
        PlanWorkload blocking = new PlanWorkload(null, 100.0, Duration.ZERO, Duration.ofMillis(100), Scenario.IoMode.BLOCK,
                Duration.ZERO, 0, 0, 0, 1000, Scenario.Distribution.UNIFORM, 1, Duration.ofSeconds(60));

        Bound webflux = model.replicaBounds("webflux", blocking).getFirst();
        assertThat(webflux.resource()).isEqualTo("event loops");
        assertThat(webflux.requestsPerSecond()).as("4 loops ÷ 0.1002 s").isCloseTo(4 / 0.1002, within(0.01));
        assertThat(planner.answer("webflux", false, blocking, null).prediction().replicas()).isEqualTo(3);
        PlanWorkload sleeping = open(100, Duration.ofMillis(100), Duration.ZERO);
        for (String variant : new String[] {"mvc", "virtual"}) {
            assertThat(model.replicaBounds(variant, blocking)).as(variant).isEqualTo(model.replicaBounds(variant, sleeping));
        }
        assertThat(model.replicaBounds("webflux", sleeping)).extracting(Bound::resource).doesNotContain("event loops");
    }

    @Test
    @DisplayName("CPU-bound requests: replicas = rate × CPU per request ÷ (90% of each replica's cores), rounded up")
    void cpuBoundsEveryModelAlike() {
        PlanWorkload workload = open(1000, Duration.ZERO, Duration.ofMillis(2));

        for (String variant : Planner.VARIANTS) {
            Bound bound = model.replicaBounds(variant, workload).getFirst();
            assertThat(bound.resource()).as(variant).isEqualTo("cpu");
            assertThat(bound.requestsPerSecond()).as(variant).isCloseTo(0.9 * 0.5 / 0.0021, within(0.01));
            assertThat(planner.answer(variant, false, workload, null).prediction().replicas()).as(variant).isEqualTo(5);
        }
        Prediction atFive = model.predict("webflux", false, 5, workload);
        assertThat(atFive.cpuPerReplica()).isCloseTo(200 * 0.0021, within(1e-9));
        assertThat(model.predict("webflux", false, 4, workload).saturated()).isTrue();
    }

    @Test
    @DisplayName("a p99 target adds replicas until the CPU queue is short enough, and one below the I/O wait is not reachable")
    void theTargetP99DecidesTheSize() {
        PlanWorkload workload = open(1000, Duration.ofMillis(10), Duration.ofMillis(2));

        int loose = planner.answer("virtual", false, workload, null).prediction().replicas();
        Planner.Answer tight = planner.answer("virtual", false, workload, Duration.ofMillis(40));
        assertThat(tight.unreachable()).isNull();
        assertThat(tight.prediction().replicas()).isGreaterThan(loose);
        assertThat(tight.prediction().p99Millis()).isLessThanOrEqualTo(40);
        assertThat(model.predict("virtual", false, tight.prediction().replicas() - 1, workload).p99Millis()).isGreaterThan(40);

        assertThat(planner.answer("virtual", false, workload, Duration.ofMillis(8)).unreachable())
                .contains("not above the I/O wait itself");
    }

    @Test
    @DisplayName("hit ratio: λT ÷ (1 + λT) per key; zipf's hot keys hit more than uniform ones; unique keys never")
    void theCacheAnswersWhatRepeatsWithinItsFreshness() {
        PlanWorkload uniform = cached(Scenario.Distribution.UNIFORM, 100, 0);
        assertThat(CacheModel.hitRatio(uniform, 1000)).isCloseTo(600.0 / 601, within(1e-9));

        PlanWorkload sparseUniform = cached(Scenario.Distribution.UNIFORM, 100_000, 0);
        PlanWorkload sparseZipf = cached(Scenario.Distribution.ZIPF, 100_000, 0);
        assertThat(CacheModel.hitRatio(sparseZipf, 10)).isGreaterThan(CacheModel.hitRatio(sparseUniform, 10));
        assertThat(CacheModel.hitRatio(cached(Scenario.Distribution.UNIFORM, 100, 1), 1000)).isZero();
        assertThat(CacheModel.hitRatio(cached(Scenario.Distribution.UNIQUE, 100, 0), 1000)).isZero();
    }

    @Test
    @DisplayName("with the cache on, only the misses reach the replicas, so fewer replicas serve the same load")
    void theCacheShrinksWhatTheReplicasNeed() {
        PlanWorkload workload = new PlanWorkload(null, 3000.0, Duration.ZERO, Duration.ofMillis(20), Scenario.IoMode.SLEEP, Duration.ofMillis(2),
                0, 0.9, 0, 1000, Scenario.Distribution.UNIFORM, 1, Duration.ofSeconds(60));

        Prediction off = planner.answer("webflux", false, workload, null).prediction();
        Prediction on = planner.answer("webflux", true, workload, null).prediction();
        assertThat(on.hitRatio()).isGreaterThan(0.85);
        assertThat(on.replicas()).isLessThan(off.replicas());
        assertThat(on.gatewayCpu()).isLessThan(off.gatewayCpu());
    }

    @Test
    @DisplayName("when the gateway's CPU is the bound, no replica count helps, and the plan says so")
    void theGatewayBoundIsNotReachableByScaling() {
        PlanWorkload workload = open(40_000, Duration.ofMillis(1), Duration.ZERO);

        Planner.Answer answer = planner.answer("webflux", false, workload, null);

        assertThat(answer.unreachable()).contains("the gateway's CPU bounds it at 18000 requests/s");
        assertThat(answer.prediction().saturated()).isTrue();
    }

    @Test
    @DisplayName("memory: a replica holds (heap − live heap at rest) ÷ (heap per request in flight × time in flight)")
    void theHeapBoundsRequestsInFlight() {
        PlanWorkload workload = new PlanWorkload(20_000, null, Duration.ZERO, Duration.ofSeconds(2), Scenario.IoMode.SLEEP, Duration.ZERO,
                52 * 1024, 0, 0, 1000, Scenario.Distribution.UNIFORM, 1, Duration.ofSeconds(60));

        Bound bound = model.replicaBounds("virtual", workload).getFirst();

        assertThat(bound.resource()).isEqualTo("heap");
        assertThat(bound.requestsPerSecond()).isCloseTo((88.0 * 1024 * 1024) / (64 * 1024 * 2.0002), within(0.01));
        assertThat(planner.answer("virtual", false, workload, null).prediction().replicas())
                .as("10000 requests/s at 704 per replica").isEqualTo(15);
    }

    @Test
    @DisplayName("cache misses cost the product endpoint and call downstream; the workload's cpu is only on /work")
    void missesCostTheProductEndpointAndADownstreamCall() {
        VariantCosts costs = new VariantCosts(100, 300, 500, 0, 0, 0, 0);
        PlanWorkload halfCacheable = new PlanWorkload(null, 1000.0, Duration.ZERO, Duration.ofMillis(100), Scenario.IoMode.SLEEP,
                Duration.ofMillis(1), 0, 0.5, 0, 1000, Scenario.Distribution.UNIFORM, 1, Duration.ofSeconds(60));

        assertThat(costs.serviceSeconds(halfCacheable, 0)).isCloseTo((1100 + 500) / 2 / 1e6, within(1e-12));
        assertThat(costs.serviceSeconds(halfCacheable, 0.5)).as("a third of what arrives is a miss")
                .isCloseTo((2 * 1100 + 500) / 3 / 1e6, within(1e-12));
        Bound pool = model.replicaBounds("webflux", halfCacheable, 0).stream()
                .filter(b -> b.resource().equals("downstream pool")).findFirst().orElseThrow();
        assertThat(pool.requestsPerSecond()).as("half the requests call downstream for 100 ms")
                .isCloseTo(1000 / (0.5 * 0.1), within(1e-6));
    }

    private static PlanWorkload closed(int users, Duration io, Duration cpu) {
        return new PlanWorkload(users, null, Duration.ZERO, io, Scenario.IoMode.SLEEP, cpu, 0, 0, 0, 1000, Scenario.Distribution.UNIFORM, 1,
                Duration.ofSeconds(60));
    }

    private static PlanWorkload open(double rate, Duration io, Duration cpu) {
        return new PlanWorkload(null, rate, Duration.ZERO, io, Scenario.IoMode.SLEEP, cpu, 0, 0, 0, 1000, Scenario.Distribution.UNIFORM, 1,
                Duration.ofSeconds(60));
    }

    private static PlanWorkload cached(Scenario.Distribution distribution, int keys, double unique) {
        return new PlanWorkload(null, 1000.0, Duration.ZERO, Duration.ZERO, Scenario.IoMode.SLEEP, Duration.ZERO, 0, 1, unique, keys,
                distribution, 1, Duration.ofSeconds(60));
    }
}
