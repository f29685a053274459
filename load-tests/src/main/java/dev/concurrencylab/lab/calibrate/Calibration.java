package dev.concurrencylab.lab.calibrate;

import java.time.Instant;

import dev.concurrencylab.lab.plan.Costs;

/**
 * What {@code ./lab plan --calibrate} measured, as {@code .lab/calibration.json} keeps it.
 *
 * @param machine where it was measured
 * @param measuredAt when
 * @param tookSeconds how long the measurement ran
 * @param deployment what ran: replicas per variant and the cache setting
 * @param costs the costs the plan uses from now on
 */
public record Calibration(Machine machine, Instant measuredAt, double tookSeconds, String deployment, Costs costs) {
}
