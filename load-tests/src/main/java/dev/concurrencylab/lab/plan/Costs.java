package dev.concurrencylab.lab.plan;

import java.util.Map;

/**
 * What serving costs, per request and per replica, which the plan's model multiplies out: measured
 * by {@code ./lab plan --calibrate} on the running deployment, or the shipped defaults
 * ({@link #shipped()}), measured the same way on the lab's own 2-core VM.
 *
 * @param source where the numbers come from, said in the plan's output
 * @param variants what each variant's replica costs, by variant
 * @param gatewayProxyMicros the gateway's CPU per request it passes to a replica
 * @param gatewayHitMicros the gateway's CPU per request its cache answers
 * @param hopMillis time a request spends in the network hops and the gateway when nothing queues
 * @param hitMillis time a cache hit takes, end to end, when nothing queues
 * @param limits the deployment's limits
 */
public record Costs(String source, Map<String, VariantCosts> variants, double gatewayProxyMicros, double gatewayHitMicros,
        double hopMillis, double hitMillis, Limits limits) {

    public Costs {
        variants = Map.copyOf(variants);
    }

    /** The same costs for a deployment whose replicas each keep {@code connections} to downstream. */
    public Costs withDownstreamPool(int connections) {
        Limits other = new Limits(limits.mvcThreads(), limits.eventLoops(), connections, limits.gatewayCpus(),
                limits.replicaMemoryBytes(), limits.replicaHeapBytes());
        return new Costs(source, variants, gatewayProxyMicros, gatewayHitMicros, hopMillis, hitMillis, other);
    }

    public VariantCosts of(String variant) {
        VariantCosts costs = variants.get(variant);
        if (costs == null) {
            throw new IllegalArgumentException("no costs for variant " + variant);
        }
        return costs;
    }

    /**
     * The shipped defaults: {@code ./lab plan --calibrate} on a freshly started lab on the lab's
     * 2-core VM; where and how in load-tests/README.md ("Shipped costs").
     */
    public static Costs shipped() {
        return new Costs("shipped defaults, ./lab plan --calibrate on the lab's 2-core VM on 2026-12-07",
                Map.of("mvc", new VariantCosts(305, 490, 335, 235L << 20, 30L << 20, kib(73.0), kib(85.1)),
                        "virtual", new VariantCosts(180, 330, 355, 224L << 20, 29L << 20, kib(95.3), kib(72.7)),
                        "webflux", new VariantCosts(125, 350, 445, 216L << 20, 21L << 20, kib(12.0), kib(24.4))),
                210, 75, 2.96, 0.39, Limits.deployment());
    }

    private static long kib(double kibibytes) {
        return Math.round(kibibytes * 1024);
    }
}
