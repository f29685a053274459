package dev.concurrencylab.lab.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.concurrencylab.lab.scenario.Scenario;

/**
 * Every scenario against every variant with the same traffic, optionally × replica counts × cache
 * on/off. Ordered so that changes to the deployment (scaling, restarting the gateway) happen as
 * rarely as possible: cache setting outermost, then replicas, then scenario, then variant. An
 * anti-pattern's scenario is followed by its twin done right ({@link Scenario#doneRightTwin()}).
 */
public final class Matrix {

    private Matrix() {
    }

    /**
     * @param replicaCounts empty: as deployed
     * @param cacheSettings empty: as deployed
     */
    public static List<MatrixCell> of(List<Scenario> scenarios, List<String> variants, List<Integer> replicaCounts,
            List<Boolean> cacheSettings) {
        List<MatrixCell> cells = new ArrayList<>();
        for (Boolean cache : orAsDeployed(cacheSettings)) {
            for (Integer replicas : orAsDeployed(replicaCounts)) {
                for (Scenario scenario : withTwinsDoneRight(scenarios)) {
                    for (String variant : variants) {
                        cells.add(new MatrixCell(scenario, variant, replicas, cache));
                    }
                }
            }
        }
        return cells;
    }

    private static List<Scenario> withTwinsDoneRight(List<Scenario> scenarios) {
        return scenarios.stream()
                .flatMap(scenario -> Stream.concat(Stream.of(scenario), scenario.doneRightTwin().stream()))
                .toList();
    }

    private static <T> List<T> orAsDeployed(List<T> values) {
        return values.isEmpty() ? Arrays.asList((T) null) : values;
    }
}
