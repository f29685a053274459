package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The bench's result as Markdown: printed on the console and saved as {@code summary.md}. */
public final class MarkdownSummary {

    private MarkdownSummary() {
    }

    public static String of(BenchResults results) {
        List<RunVerdict> verdicts = results.runs().stream().map(RunVerdict::of).toList();
        RunLabels labels = new RunLabels(results.runs());
        StringBuilder md = new StringBuilder();
        md.append("## Concurrency Lab: %d runs against %s%n%n".formatted(results.runs().size(), results.target()));
        md.append("| scenario | run | load | req/s | p50 ms | p99 ms | p99.9 ms | errors | vs bound |%n".formatted());
        md.append("|---|---|---|---:|---:|---:|---:|---:|---|%n".formatted());
        for (RunVerdict verdict : verdicts) {
            BenchResults.Run run = verdict.run();
            BenchResults.Summary summary = run.summary();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %.1f | %.1f | %d | %s |%n", run.scenario(),
                    labels.of(run), load(run.workload()), RunVerdict.number(summary.throughput()), summary.p50(),
                    summary.p99(), summary.p999(), summary.errorCount(), bound(verdict)));
        }
        md.append(System.lineSeparator());
        for (RunVerdict verdict : verdicts) {
            md.append("- ").append(verdict.run().scenario()).append(" · ").append(verdict.explanation())
                    .append(System.lineSeparator());
            for (EventEffect effect : EventEffect.of(verdict.run())) {
                md.append("  - ").append(effect.describe()).append(System.lineSeparator());
            }
        }
        List<AntiPatternComparison> antiPatterns = AntiPatternComparison.of(results.runs());
        if (!antiPatterns.isEmpty()) {
            md.append(System.lineSeparator()).append("Anti-patterns, beside the same load done right:").append(System.lineSeparator());
            antiPatterns.forEach(pair -> md.append("- ").append(pair.wrong().scenario()).append(" · ").append(pair.explain())
                    .append(System.lineSeparator()));
        }
        List<String> targets = new ArrayList<>();
        TargetCheck.of(verdicts).forEach(check -> targets.add(check.describe()));
        LessonCheck.of(results.runs()).forEach(check -> targets.add(check.describe()));
        if (!targets.isEmpty()) {
            md.append(System.lineSeparator()).append("Targets:").append(System.lineSeparator());
            targets.forEach(target -> md.append("- ").append(target).append(System.lineSeparator()));
        }
        return md.toString();
    }

    static String load(BenchResults.Workload workload) {
        String shape = "closed".equals(workload.model()) ? workload.users() + " users"
                : RunVerdict.number(workload.rate()) + " req/s offered";
        return shape + (workload.ioMillis() > 0 ? ", io " + RunVerdict.millis(workload.ioMillis()) : "")
                + (workload.cpuMillis() > 0 ? ", cpu " + RunVerdict.millis(workload.cpuMillis()) : "");
    }

    static String bound(RunVerdict verdict) {
        if (verdict.threadsBind()) {
            return RunVerdict.percent(verdict.shareOfThreadBound()) + " of threads ÷ latency";
        }
        return verdict.shareOfIdeal() == null ? "" : RunVerdict.percent(verdict.shareOfIdeal())
                + ("open".equals(verdict.run().workload().model()) ? " of offered" : " of users ÷ latency");
    }
}
