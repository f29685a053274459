package dev.concurrencylab.lab.commands;

import java.time.Duration;
import java.util.List;

import dev.concurrencylab.lab.scenario.Scenario;
import dev.concurrencylab.lab.topology.LabException;

/** Command-line durations that replace every scenario's own (a quick look, the demo, tests). */
final class Overrides {

    private Overrides() {
    }

    static List<Scenario> apply(List<Scenario> scenarios, Duration duration, Duration warmup) {
        if (duration != null && (duration.isZero() || duration.compareTo(Duration.ofMinutes(10)) > 0)) {
            throw new LabException("--duration must be within 1s..10m, was " + duration.toSeconds() + " s");
        }
        if (warmup != null && warmup.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new LabException("--warmup must be within 0s..2m, was " + warmup.toSeconds() + " s");
        }
        return scenarios.stream().map(scenario -> scenario.withTiming(duration == null ? scenario.duration() : duration,
                warmup == null ? scenario.warmup() : warmup)).toList();
    }
}
