package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The targets of the anti-patterns and events, checked on every run that has one: a replica
 * killed during a run fails no request and throughput is back (within 10% of the level before the
 * kill) within 5 s; a scale out during a CPU-bound run raises throughput within 10 s; webflux
 * blocking its event loops serves within 15% of loops ÷ wait.
 *
 * @param run the run checked
 * @param subject what was checked in it, e.g. {@code kill service-webflux-1}
 * @param goal what it had to reach
 * @param measured what it did
 * @param met whether it reached the goal
 * @param machineCpu the machine's average CPU busy during the run (0..1), if known: a miss on a
 *     saturated machine says the box was the limit, as the io-bound targets do
 */
public record LessonCheck(BenchResults.Run run, String subject, String goal, String measured, boolean met,
        Double machineCpu) {

    static final int KILL_RECOVERED_SECONDS = 5;
    static final int SCALE_ROSE_SECONDS = 10;
    static final double BLOCKED_WITHIN = 0.15;
    /** As {@code Event.Scale#describe} writes a scale in the run's marks. */
    private static final Pattern SCALE = Pattern.compile("scale (\\w+)=(\\d+)");

    public static List<LessonCheck> of(List<BenchResults.Run> runs) {
        List<LessonCheck> checks = new ArrayList<>();
        for (BenchResults.Run run : runs) {
            for (EventEffect effect : EventEffect.of(run)) {
                if (effect.mark().failure() != null) {
                    continue;
                }
                if (effect.mark().event().startsWith("kill ")) {
                    checks.add(kill(run, effect));
                }
                Matcher scale = SCALE.matcher(effect.mark().event());
                if (scale.matches()) {
                    int from = replicasBefore(run, effect.mark().atSeconds());
                    // the target is about CPU: where requests only wait, more replicas need not serve more
                    if (run.workload().cpuMillis() > 0 && from > 0 && Integer.parseInt(scale.group(2)) > from) {
                        checks.add(scaleOut(run, effect, from));
                    }
                }
            }
        }
        for (AntiPatternComparison pair : AntiPatternComparison.of(runs)) {
            pair.eventLoopCeiling().ifPresent(ceiling -> {
                double share = pair.wrong().summary().throughput() / ceiling;
                checks.add(new LessonCheck(pair.wrong(), "blocking its event loops",
                        "within %s of loops ÷ wait".formatted(RunVerdict.percent(BLOCKED_WITHIN)),
                        "%s of %s req/s".formatted(RunVerdict.percent(share), RunVerdict.number(ceiling)),
                        // judged on the whole percent it shows, so 85% is within 15% as a reader expects
                        Math.abs(Math.round(share * 100) - 100) <= Math.round(BLOCKED_WITHIN * 100),
                        machineCpu(pair.wrong())));
            });
        }
        return checks;
    }

    private static LessonCheck kill(BenchResults.Run run, EventEffect effect) {
        Integer recovered = effect.recoveredAfterSeconds();
        String measured = "%d failed, %s".formatted(effect.failedAfter(), recovered == null
                ? "throughput not back by the end of the window"
                : recovered == 0 ? "throughput did not drop" : "throughput back after %d s".formatted(recovered));
        return new LessonCheck(run, effect.mark().event(), "0 failed requests, throughput back within %d s"
                .formatted(KILL_RECOVERED_SECONDS), measured,
                effect.failedAfter() == 0 && recovered != null && recovered <= KILL_RECOVERED_SECONDS, machineCpu(run));
    }

    private static LessonCheck scaleOut(BenchResults.Run run, EventEffect effect, int from) {
        Integer rose = effect.roseAfterSeconds();
        String change = String.format(Locale.ROOT, "%+.0f%%", effect.before() == 0 ? 0
                : (effect.after() / effect.before() - 1) * 100);
        String measured = rose == null ? "did not rise (%s at the end of the window)".formatted(change)
                : "rose after %d s, %s → %s req/s (%s)".formatted(rose, RunVerdict.number(effect.before()),
                        RunVerdict.number(effect.after()), change);
        return new LessonCheck(run, "%s (from %d)".formatted(effect.mark().event(), from),
                "throughput rises within %d s".formatted(SCALE_ROSE_SECONDS), measured,
                rose != null && rose <= SCALE_ROSE_SECONDS, machineCpu(run));
    }

    /** The variant's replicas the bench observed in the last second before the event (actuators or containers). */
    private static int replicasBefore(BenchResults.Run run, double atSeconds) {
        return run.observed().stream().filter(second -> second.second() <= Math.floor(atSeconds))
                .reduce((first, second) -> second)
                .map(second -> (int) second.processes().values().stream()
                        .filter(sample -> run.variant().equals(sample.role())).count())
                .orElse(0);
    }

    private static Double machineCpu(BenchResults.Run run) {
        return RunVerdict.of(run).machineCpu();
    }

    /** Missed on a machine whose CPU was saturated: the load generator, gateway and replicas shared too few cores. */
    public boolean machineLimited() {
        return !met && machineCpu != null && machineCpu >= RunVerdict.MACHINE_LIMIT;
    }

    /**
     * E.g. {@code kill-a-replica webflux, kill service-webflux-1: 0 failed, throughput did not drop (0 failed
     * requests, throughput back within 5 s) — met}; a miss ends {@code — MISSED}, and on a saturated
     * machine {@code — MISSED, machine-limited (...)}.
     */
    public String describe() {
        String text = "%s %s, %s: %s (%s)".formatted(run.scenario(), run.variant(), subject, measured, goal);
        if (met) {
            return text + " — met";
        }
        return machineLimited() ? text + " — MISSED, machine-limited (this machine's CPU was %s busy on average: the box, "
                .formatted(RunVerdict.percent(machineCpu)) + "not the model, was the limit)" : text + " — MISSED";
    }
}
