package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The lab's own claim, checked on every bench that ran the standard {@code io-bound} scenario with
 * more simultaneous users than MVC has threads: virtual and webflux reach at least 90% of
 * users ÷ latency; mvc stays within 10% of its own bound (threads ÷ latency). Where the machine's
 * CPU was saturated the check says so instead of judging the model.
 *
 * @param run the run checked
 * @param goal what it had to reach
 * @param reached the share it reached
 * @param verdict {@code met}, {@code missed} or {@code machine-limited}
 */
public record TargetCheck(BenchResults.Run run, String goal, Double reached, String verdict) {

    public static final String SCENARIO = "io-bound";

    public static List<TargetCheck> of(List<RunVerdict> verdicts) {
        List<TargetCheck> checks = new ArrayList<>();
        for (RunVerdict verdict : verdicts) {
            BenchResults.Run run = verdict.run();
            if (!SCENARIO.equals(run.scenario()) || run.stopped()) {
                continue;
            }
            if ("mvc".equals(run.variant())) {
                Double share = verdict.shareOfThreadBound();
                if (share != null) {
                    checks.add(check(verdict, "within 10% of threads ÷ latency", share, Math.abs(share - 1) <= 0.10));
                }
            } else {
                Double share = verdict.shareOfIdeal();
                if (share != null) {
                    checks.add(check(verdict, "≥ 90% of users ÷ latency", share, share >= 0.90));
                }
            }
        }
        return checks;
    }

    private static TargetCheck check(RunVerdict verdict, String goal, double share, boolean met) {
        String outcome = met ? "met" : verdict.machineLimited() ? "machine-limited" : "missed";
        return new TargetCheck(verdict.run(), goal, share, outcome);
    }

    public String describe() {
        String text = "%s %s: %s (%s)".formatted(run.scenario(), run.variant(), RunVerdict.percent(reached), goal);
        return switch (verdict) {
            case "met" -> text + " — met";
            case "machine-limited" -> text + " — not reached, and this machine's CPU was saturated: the box, not the model, was the limit";
            default -> text + " — MISSED";
        };
    }
}
