package dev.concurrencylab.lab.bench;

import dev.concurrencylab.lab.scenario.Scenario;

/**
 * One run of the bench: a scenario against one variant, at a replica count and cache setting.
 *
 * @param scenario the traffic
 * @param variant {@code mvc}, {@code virtual} or {@code webflux}
 * @param replicas replicas of the variant to run with; {@code null}: as deployed
 * @param cache the gateway's cache on or off; {@code null}: as deployed
 */
public record MatrixCell(Scenario scenario, String variant, Integer replicas, Boolean cache) {

    public String cacheLabel() {
        return cache == null ? "deployed" : cache ? "on" : "off";
    }

    public String describe() {
        return scenario.name() + " × " + variant + (replicas == null ? "" : " × " + replicas + " replicas")
                + (cache == null ? "" : " × cache " + cacheLabel());
    }
}
