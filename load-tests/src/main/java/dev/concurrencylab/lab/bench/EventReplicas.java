package dev.concurrencylab.lab.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.concurrencylab.lab.scenario.Event;
import dev.concurrencylab.lab.topology.LabException;

/**
 * Before a run: every replica a scenario's events name must be running when its event comes,
 * counted from the replicas running now with the scenario's earlier kills and scales, so a kill
 * after a scale to 4 may name service-webflux-4. The same rule on every deployment that runs events.
 */
final class EventReplicas {

    private EventReplicas() {
    }

    /**
     * @param runningNow live replicas per variant now
     * @param howToScale the command that gives a variant n replicas here, e.g. {@code ./lab scale %s=%d}
     */
    static void check(MatrixCell cell, Map<String, Integer> runningNow, String howToScale) {
        Map<String, Integer> running = new LinkedHashMap<>(runningNow);
        for (Event event : cell.scenario().events()) {
            switch (event) {
                case Event.Scale scale -> running.put(scale.variant(), scale.replicas());
                case Event.Kill kill -> {
                    ReplicaName named = ReplicaName.of(kill.replica());
                    checkRunning(cell, event, named, running.getOrDefault(named.variant(), 0), howToScale);
                    running.merge(named.variant(), -1, Integer::sum);
                }
                case Event.Slow slow -> {
                    ReplicaName named = ReplicaName.of(slow.replica());
                    checkRunning(cell, event, named, running.getOrDefault(named.variant(), 0), howToScale);
                }
            }
        }
    }

    private static void checkRunning(MatrixCell cell, Event event, ReplicaName named, int running, String howToScale) {
        if (named.ordinal() > running) {
            throw new LabException("scenario %s: %s needs %d running replicas of %s when it comes, the deployment will have %d "
                    .formatted(cell.scenario().name(), event.describe(), named.ordinal(), named.variant(), running)
                    + "(" + howToScale.formatted(named.variant(), named.ordinal()) + " first)");
        }
    }
}
