package dev.concurrencylab.lab.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest replica count of each variant, with and without the gateway's cache, that serves
 * the whole offered load at the target p99; or why none does.
 */
public final class Planner {

    /** The most replicas a plan considers (the lab's own limit for one variant is 16; a cluster may run more). */
    public static final int MAX_REPLICAS = 64;
    static final List<String> VARIANTS = List.of("mvc", "virtual", "webflux");

    private final CapacityModel model;

    public Planner(CapacityModel model) {
        this.model = model;
    }

    /**
     * One variant and cache setting: the chosen size's prediction, or the best it gets at
     * {@link #MAX_REPLICAS} with the reason it is not enough.
     *
     * @param prediction at the chosen size, or at the largest when none suffices
     * @param unreachable null when the target is met, else why no size meets it
     */
    public record Answer(Prediction prediction, String unreachable) {
    }

    public List<Answer> plan(PlanWorkload workload, Duration targetP99) {
        List<Answer> answers = new ArrayList<>();
        for (boolean cache : List.of(false, true)) {
            for (String variant : VARIANTS) {
                answers.add(answer(variant, cache, workload, targetP99));
            }
        }
        return answers;
    }

    Answer answer(String variant, boolean cache, PlanWorkload workload, Duration targetP99) {
        double target = targetP99 == null ? Double.POSITIVE_INFINITY : targetP99.toNanos() / 1e6;
        Prediction last = null;
        for (int replicas = 1; replicas <= MAX_REPLICAS; replicas++) {
            last = model.predict(variant, cache, replicas, workload);
            if (!last.saturated() && last.p99Millis() <= target) {
                return new Answer(last, null);
            }
            if (last.saturated() && last.bound().resource().equals("gateway cpu")) {
                return new Answer(last, "the gateway's CPU bounds it at %.0f requests/s (%s), below the %.0f offered; more replicas do not help"
                        .formatted(last.bound().requestsPerSecond(), last.bound().why(), last.offered()));
            }
        }
        if (!last.saturated() && workload.ioSeconds() * 1000 + 0.5 >= target) {
            return new Answer(last, "the target p99 (%.0f ms) is not above the I/O wait itself (%.0f ms)"
                    .formatted(target, workload.ioSeconds() * 1000));
        }
        return new Answer(last, last.saturated()
                ? "%d replicas serve %.0f of %.0f requests/s; %s bounds each".formatted(MAX_REPLICAS, last.throughput(),
                        last.offered(), last.bound().resource())
                : ("p99 %.0f ms at %d replicas is above the target %.0f ms: with no queue at all, the I/O wait, the hops and "
                        + "the CPU time on a replica's cores come to about that").formatted(last.p99Millis(), MAX_REPLICAS, target));
    }
}
