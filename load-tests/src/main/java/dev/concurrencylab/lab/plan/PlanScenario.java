package dev.concurrencylab.lab.plan;

import java.time.Duration;
import java.util.Locale;

import dev.concurrencylab.lab.scenario.Scenario;

/** A plan's workload as the bench offers it, for {@code ./lab plan --verify}: the same traffic the plan predicted. */
public final class PlanScenario {

    /** Weights of the request mix: shares are kept to a tenth of a percent. */
    private static final int MIX_TOTAL = 1000;
    /** Open model: connections at most, as the scenario files default them. */
    private static final int CONNECTIONS = 512;

    private PlanScenario() {
    }

    /**
     * @throws IllegalArgumentException for a workload the bench cannot offer: a share of unique keys
     *     other than none or all (the bench draws the keys of one run from one distribution)
     */
    public static Scenario of(PlanWorkload workload, Duration duration, Duration warmup) {
        if (workload.unique() > 0 && workload.unique() < 1) {
            throw new IllegalArgumentException("--verify runs a --unique share of 0 or 1 only (the bench draws every key of a "
                    + "run from one distribution), was " + workload.unique());
        }
        int products = (int) Math.round(workload.cacheable() * MIX_TOTAL);
        Scenario.Load load = workload.closed() ? new Scenario.Load(workload.users(), workload.think(), null, CONNECTIONS)
                : new Scenario.Load(null, Duration.ZERO, workload.rate(), CONNECTIONS);
        Scenario.Distribution distribution = workload.unique() == 1 ? Scenario.Distribution.UNIQUE : workload.distribution();
        return new Scenario("plan", describe(workload), load, duration, warmup,
                new Scenario.RequestShape(workload.io(), workload.ioMode(),
                        workload.cpu(), (int) workload.bytes()),
                new Scenario.Mix(MIX_TOTAL - products, products, 0),
                new Scenario.Keys(workload.keySpace(), distribution, workload.skew()));
    }

    private static String describe(PlanWorkload workload) {
        return String.format(Locale.ROOT, "The workload ./lab plan predicted: %s, io %s ms%s, cpu %s ms, %.0f%% cacheable.",
                workload.closed() ? workload.users() + " users" : String.format(Locale.ROOT, "%.0f requests/s", workload.rate()),
                workload.io().toMillis(), workload.ioMode() == Scenario.IoMode.SLEEP ? "" : " (" + workload.ioMode().wire() + ")",
                workload.cpu().toMillis(),
                workload.cacheable() * 100);
    }
}
