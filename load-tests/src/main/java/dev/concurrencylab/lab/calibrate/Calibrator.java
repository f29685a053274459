package dev.concurrencylab.lab.calibrate;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.concurrencylab.lab.bench.LocalTarget;
import dev.concurrencylab.lab.plan.Costs;
import dev.concurrencylab.lab.plan.VariantCosts;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.Topology;
import dev.concurrencylab.launcher.Service;

/**
 * Measures on the running local lab what the plan's model multiplies out, in under two minutes:
 * <ul>
 * <li>CPU per request of each endpoint of each variant, and of the gateway per proxied request and
 * per cache hit: the slope of the process's CPU time between a window at a low and one at a high
 * rate (a JVM spends CPU whatever the rate, its JIT and timers; the slope leaves that out). Each
 * variant is measured on its first replica, addressed directly, so that one replica gets all the
 * calibration's traffic and its JIT reaches steady state in seconds;</li>
 * <li>memory per request in flight: that replica holding many requests waiting 3 s, against the
 * same replica at rest, both after a full collection: live heap, and resident memory;</li>
 * <li>the hop (a request's time outside the replica) and a hit's time, from low-rate medians.</li>
 * </ul>
 */
public final class Calibrator {

    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final double WARM_UP_RATE = 500;
    /**
     * Requests held in flight on the replica: mvc below its 200 threads (beyond them requests
     * queue, not cost), the others few enough for a 128 MiB heap (a virtual-thread replica holding
     * 1000 ran out of heap while calibrating, 2026-12-07: about 110 KiB each).
     */
    private static final Map<Service, Integer> HELD = Map.of(Service.SERVICE_MVC, 150, Service.SERVICE_VIRTUAL, 300,
            Service.SERVICE_WEBFLUX, 300);
    private static final String WORK = "/work?io=0ms";
    private static final String DOWNSTREAM_WORK = "/work?io=0ms&io-mode=downstream";

    private final Topology topology;
    private final PrintStream out;
    private final CpuCostMeter cpu = new CpuCostMeter();
    private final InFlightMemoryMeter memory = new InFlightMemoryMeter();
    /** Product ids handed out so far: every miss measured names a product no earlier request named. */
    private final AtomicInteger nextProduct = new AtomicInteger(1);

    public Calibrator(Topology topology, PrintStream out) {
        this.topology = topology;
        this.out = out;
    }

    public Calibration calibrate(Costs fallback) {
        Instant begin = Instant.now();
        LocalTarget target = new LocalTarget(topology);
        LabState state = topology.current().orElseThrow();
        LabProcess gateway = state.only(Service.GATEWAY).orElseThrow(() -> new LabException("the running lab has no gateway"));
        URI gatewayUrl = URI.create(gateway.url());
        Map<Service, LabProcess> measured = new LinkedHashMap<>();
        for (Service variant : Service.variants()) {
            state.replicasOf(variant).stream().findFirst().ifPresentOrElse(replica -> measured.put(variant, replica),
                    () -> out.printf("  %-8s no replica running: its shipped costs stay%n", name(variant)));
        }
        if (measured.isEmpty()) {
            throw new LabException("the running lab has no replica to calibrate on; ./lab scale webflux=1 (or any variant)");
        }
        String routed = "/" + name(measured.keySet().iterator().next());
        target.purgeCache();
        out.printf("  warming up %s and the gateway for %d s ...%n",
                measured.values().stream().map(LabProcess::name).collect(Collectors.joining(", ")), WARM_UP.toSeconds());
        long failedWhileWarming = cpu.warm(measured.values().stream().map(replica -> URI.create(replica.url())).toList(),
                WARM_UP_RATE, WARM_UP,
                i -> switch (i % 3) {
                    case 0 -> WORK;
                    case 1 -> DOWNSTREAM_WORK;
                    default -> productMiss();
                });
        failedWhileWarming += cpu.warm(List.of(gatewayUrl), WARM_UP_RATE / 2, Duration.ofSeconds(3),
                i -> routed + (i % 2 == 0 ? WORK : productMiss()));
        if (failedWhileWarming > 0) {
            out.printf("  warm-up: %d request(s) failed (not measured; the measurement that follows stops at any failure)%n",
                    failedWhileWarming);
        }

        Map<String, VariantCosts> variants = new LinkedHashMap<>(fallback.variants());
        for (Map.Entry<Service, LabProcess> entry : measured.entrySet()) {
            Service variant = entry.getKey();
            LabProcess replica = entry.getValue();
            double work = cpu.slope(replica, i -> WORK).micros();
            double downstream = cpu.slope(replica, i -> DOWNSTREAM_WORK).micros();
            double product = cpu.slope(replica, i -> productMiss()).micros();
            out.printf(Locale.ROOT, "  %-8s CPU per request on %s: /work %.0f µs, /work with a downstream call %.0f µs, "
                    + "/products %.0f µs%n", name(variant), replica.name(), work, downstream, product);
            InFlightMemoryMeter.Measured perRequest = memory.measure(replica, HELD.get(variant));
            out.printf(Locale.ROOT, "  %-8s per request in flight: %.1f KiB of live heap, %.1f KiB resident (%d held); at rest "
                    + "%.0f MiB live heap, %.0f MiB resident%n", name(variant), perRequest.heapBytes() / 1024,
                    perRequest.residentBytes() / 1024, Math.round(perRequest.held()), perRequest.idle().liveHeapBytes() / (1 << 20),
                    perRequest.idle().residentBytes() / (1 << 20));
            variants.put(name(variant), new VariantCosts(work, downstream, product, Math.round(perRequest.idle().residentBytes()),
                    Math.round(perRequest.idle().liveHeapBytes()), Math.round(perRequest.heapBytes()),
                    Math.round(perRequest.residentBytes())));
        }

        Slope proxySlope = cpu.slope(gateway, i -> routed + WORK);
        double proxy = proxySlope.micros();
        double hop = Math.max(0, proxySlope.lowMedianMillis() - variants.get(routed.substring(1)).workMicros() / 1000);
        double hitMicros = fallback.gatewayHitMicros();
        double hitMillis = fallback.hitMillis();
        if (state.cacheOn()) {
            String hitPath = routed + productMiss();
            cpu.prime(gatewayUrl, i -> hitPath);
            Slope hits = cpu.slope(gateway, i -> hitPath);
            hitMicros = hits.micros();
            hitMillis = hits.lowMedianMillis();
            out.printf(Locale.ROOT, "  gateway  CPU per request: proxied %.0f µs, cache hit %.0f µs; hop %.2f ms, hit %.2f ms%n",
                    proxy, hitMicros, hop, hitMillis);
        } else {
            out.printf(Locale.ROOT, "  gateway  CPU per proxied request %.0f µs, hop %.2f ms; its cache is off, so a hit's costs "
                    + "stay shipped (./lab up with the cache on measures them)%n", proxy, hop);
        }
        target.purgeCache();
        Machine machine = Machine.thisOne();
        String deployment = Service.variants().stream()
                .map(service -> name(service) + "=" + state.replicasOf(service).size())
                .collect(Collectors.joining(",")) + ", cache " + (state.cacheOn() ? "on" : "off");
        String which = measured.keySet().stream().map(Calibrator::name).collect(Collectors.joining(", "));
        Costs costs = new Costs("calibrated on %s at %s (%s)".formatted(machine.describe(), begin, which), variants, proxy,
                hitMicros, hop, hitMillis, fallback.limits());
        return new Calibration(machine, begin, Duration.between(begin, Instant.now()).toMillis() / 1000.0, deployment, costs);
    }

    private String productMiss() {
        return "/products/" + nextProduct.getAndIncrement() + "?latency=0ms";
    }

    private static String name(Service variant) {
        return variant.variant().orElseThrow();
    }
}
