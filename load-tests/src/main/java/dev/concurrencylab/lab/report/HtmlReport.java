package dev.concurrencylab.lab.report;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code index.html}: the whole comparison in one self-contained file (inline CSS and SVG charts,
 * nothing fetched), so it opens offline and can be mailed or attached to a ticket. Read top down:
 * what was found, the table, the overview charts, then one section per scenario.
 */
public final class HtmlReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String STYLE = """
            body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:1180px;padding:24px;color:#222}
            h1{margin-bottom:0}h2{margin-top:40px;border-bottom:1px solid #ddd}.sub{color:#666;margin-top:4px}
            table{border-collapse:collapse;font-size:13px;margin:12px 0}th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:right}
            th{background:#f6f6f6}td:nth-child(-n+3),th:nth-child(-n+3){text-align:left}
            .charts{display:flex;flex-wrap:wrap;gap:8px}figure{margin:0}.charts svg{width:560px;height:320px;border:1px solid #eee}
            .callout{background:#fff6e0;border-left:4px solid #e6ab02;padding:8px 12px}.met{color:#1b7e3c}.missed{color:#b00020}
            ul.findings li{margin:4px 0}code{background:#f3f3f3;padding:1px 4px}
            """;

    private final Charts charts = new Charts();
    private final PlanSection planSection = new PlanSection(charts);
    private final AntiPatternSection antiPatternSection = new AntiPatternSection(charts);

    public String render(BenchResults results) {
        List<RunVerdict> verdicts = results.runs().stream().map(RunVerdict::of).toList();
        RunLabels labels = new RunLabels(results.runs());
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Concurrency Lab report</title><style>")
                .append(STYLE).append("</style></head><body>");
        html.append("<h1>Concurrency Lab report</h1><p class=\"sub\">").append(escape(WHEN.format(results.startedAt())))
                .append(" · target <code>").append(escape(results.target())).append("</code> · load generator on ")
                .append(results.machine().cores()).append(" cores, ").append(escape(results.machine().os()))
                .append(", Java ").append(escape(results.machine().java())).append("</p>");
        Map<String, List<RunVerdict>> scenarios = byScenario(verdicts);
        findings(html, verdicts, scenarios);
        table(html, verdicts, labels);
        planSection.append(html, results, labels);
        antiPatternSection.append(html, results, labels);
        overview(html, verdicts, scenarios.keySet(), labels);
        for (Map.Entry<String, List<RunVerdict>> scenario : scenarios.entrySet()) {
            scenario(html, scenario.getKey(), scenario.getValue(), labels);
        }
        howToRead(html);
        return html.append("</body></html>").toString();
    }

    private static void findings(StringBuilder html, List<RunVerdict> verdicts, Map<String, List<RunVerdict>> byScenario) {
        html.append("<h2>What was found</h2>");
        if (verdicts.stream().anyMatch(RunVerdict::machineLimited)) {
            html.append("<p class=\"callout\">In some runs this machine's CPU was more than ")
                    .append(RunVerdict.percent(RunVerdict.MACHINE_LIMIT))
                    .append(" busy on average (load generator, gateway and replicas share it): there, the box was the "
                            + "limit, not the concurrency model. Those runs say so below.</p>");
        }
        List<TargetCheck> checks = TargetCheck.of(verdicts);
        if (!checks.isEmpty()) {
            html.append("<p>The lab's targets on the <code>").append(TargetCheck.SCENARIO).append("</code> scenario:</p><ul>");
            for (TargetCheck check : checks) {
                html.append("<li class=\"").append("met".equals(check.verdict()) ? "met" : "missed").append("\">")
                        .append(escape(check.describe())).append("</li>");
            }
            html.append("</ul>");
        }
        List<LessonCheck> lessons = LessonCheck.of(verdicts.stream().map(RunVerdict::run).toList());
        if (!lessons.isEmpty()) {
            html.append("<p>The targets of the anti-patterns and events:</p><ul>");
            for (LessonCheck lesson : lessons) {
                html.append("<li class=\"").append(lesson.met() ? "met" : "missed").append("\">")
                        .append(escape(lesson.describe())).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("<ul class=\"findings\">");
        for (Map.Entry<String, List<RunVerdict>> scenario : byScenario.entrySet()) {
            html.append("<li><b>").append(escape(scenario.getKey())).append("</b>: ")
                    .append(escape(headline(scenario.getValue()))).append("</li>");
        }
        html.append("</ul>");
    }

    /** The scenario in one sentence: who was fastest, and how far the others were from it. */
    static String headline(List<RunVerdict> runs) {
        RunVerdict best = runs.stream().max((a, b) -> Double.compare(a.run().summary().throughput(),
                b.run().summary().throughput())).orElseThrow();
        StringBuilder text = new StringBuilder("%s served most, %s req/s".formatted(best.run().variant(),
                RunVerdict.number(best.run().summary().throughput())));
        List<String> others = new ArrayList<>();
        for (RunVerdict other : runs) {
            if (other != best && best.run().summary().throughput() > 0) {
                others.add("%s %s of it".formatted(other.run().variant(),
                        RunVerdict.percent(other.run().summary().throughput() / best.run().summary().throughput())));
            }
        }
        if (!others.isEmpty()) {
            text.append(" (").append(String.join(", ", others)).append(')');
        }
        runs.stream().filter(RunVerdict::threadsBind).findFirst().ifPresent(mvc -> text.append(
                "; %s capped near threads ÷ latency = %s req/s".formatted(mvc.run().variant(), RunVerdict.number(mvc.threadBound()))));
        if (runs.stream().anyMatch(RunVerdict::machineLimited)) {
            text.append("; the machine's CPU was saturated");
        }
        return text.append('.').toString();
    }

    private static void table(StringBuilder html, List<RunVerdict> verdicts, RunLabels labels) {
        html.append("<h2>Summary</h2><table><tr><th>scenario</th><th>run</th><th>load</th><th>req/s</th><th>p50 ms</th>"
                + "<th>p90 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>errors</th><th>late / dropped</th><th>vs bound</th>"
                + "<th>machine CPU</th><th>peak threads</th><th>peak memory MiB</th><th>from cache</th></tr>");
        for (RunVerdict verdict : verdicts) {
            BenchResults.Run run = verdict.run();
            BenchResults.Summary summary = run.summary();
            html.append("<tr><td>").append(escape(run.scenario())).append("</td><td>").append(escape(labels.of(run)))
                    .append("</td><td>").append(escape(MarkdownSummary.load(run.workload()))).append("</td>")
                    .append(String.format(Locale.ROOT, "<td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>",
                            RunVerdict.number(summary.throughput()), summary.p50(), summary.p90(), summary.p99(), summary.p999()))
                    .append("<td>").append(summary.errorCount()).append("</td><td>").append(summary.late()).append(" / ")
                    .append(summary.dropped()).append("</td><td>").append(escape(MarkdownSummary.bound(verdict)))
                    .append("</td><td>").append(RunVerdict.percent(verdict.machineCpu())).append("</td><td>")
                    .append(whole(RunSeries.peak(RunSeries.threads(run)))).append("</td><td>")
                    .append(whole(RunSeries.peak(RunSeries.memoryMiB(run)))).append("</td><td>")
                    .append(RunVerdict.percent(verdict.cacheHitRatio())).append("</td></tr>");
        }
        html.append("</table>");
    }

    private void overview(StringBuilder html, List<RunVerdict> verdicts, Collection<String> scenarioNames, RunLabels labels) {
        html.append("<h2>Overview</h2><div class=\"charts\">");
        List<String> scenarios = List.copyOf(scenarioNames);
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        Map<String, String> variants = new LinkedHashMap<>();
        for (RunVerdict verdict : verdicts) {
            String label = labels.of(verdict.run());
            variants.put(label, verdict.run().variant());
            throughput.computeIfAbsent(label, key -> new ArrayList<>(Collections.nCopies(scenarios.size(), 0.0)))
                    .set(scenarios.indexOf(verdict.run().scenario()), verdict.run().summary().throughput());
        }
        html.append(charts.bars("Throughput by scenario", "requests / s", scenarios, throughput, variants));
        Map<String, List<double[]>> latencyVsLoad = new LinkedHashMap<>();
        for (RunVerdict verdict : verdicts) {
            latencyVsLoad.computeIfAbsent(labels.of(verdict.run()), key -> new ArrayList<>())
                    .add(new double[] {verdict.run().summary().throughput(), verdict.run().summary().p99()});
        }
        html.append(charts.scatter("Latency vs load: p99 against throughput, one point per run", "requests / s", "p99 ms",
                latencyVsLoad.entrySet().stream().map(entry -> new Charts.Series(entry.getKey(), variants.get(entry.getKey()),
                        entry.getValue())).toList()));
        html.append("</div>");
    }

    private void scenario(StringBuilder html, String name, List<RunVerdict> runs, RunLabels labels) {
        BenchResults.Run first = runs.getFirst().run();
        BenchResults.Workload workload = first.workload();
        html.append("<h2>").append(escape(name)).append("</h2><p>").append(escape(first.description())).append("</p>")
                .append("<p class=\"sub\">").append(escape(MarkdownSummary.load(workload)))
                .append(escape(", mix %s, keys %s, %.0f s measured after %.0f s warm-up".formatted(workload.mix(),
                        workload.keys(), workload.durationSeconds(), workload.warmupSeconds())))
                .append("</p><ul class=\"findings\">");
        runs.forEach(verdict -> html.append("<li>").append(escape(verdict.explanation())).append("</li>"));
        for (RunVerdict verdict : runs) {
            for (EventEffect effect : EventEffect.of(verdict.run())) {
                html.append("<li>").append(escape(labels.of(verdict.run()) + ": " + effect.describe())).append("</li>");
            }
        }
        runs.stream().map(verdict -> verdict.run().stoppedBecause()).filter(Objects::nonNull).findFirst().ifPresent(reason ->
                html.append("<li class=\"missed\">").append(escape("Stopped: " + reason)).append("</li>"));
        List<Charts.Mark> marks = marks(runs);
        html.append("</ul><div class=\"charts\">");
        html.append(charts.lines("Throughput per second", "second", "requests / s",
                series(runs, labels, run -> RunSeries.generator(run, second -> second.requests())), marks));
        if (!marks.isEmpty()) {
            html.append(charts.lines("Failed requests per second", "second", "failed / s",
                    series(runs, labels, run -> RunSeries.generator(run, second -> second.failed())), marks));
        }
        List<Charts.Series> latencies = new ArrayList<>();
        for (RunVerdict verdict : runs) {
            BenchResults.Run run = verdict.run();
            latencies.add(new Charts.Series(labels.of(run) + " p99", run.variant(), RunSeries.latencies(run, BenchResults.Second::p99)));
            latencies.add(new Charts.Series(labels.of(run) + " p50", run.variant(), RunSeries.latencies(run, BenchResults.Second::p50)));
        }
        html.append(charts.lines("Latency per second: p99 (solid) and p50 (dashed), from intended send", "second", "ms",
                latencies, marks));
        for (RunVerdict verdict : runs) {
            BenchResults.Run run = verdict.run();
            html.append(charts.lines("Latency percentiles per second: " + labels.of(run), "second", "ms", List.of(
                    new Charts.Series("p50", null, RunSeries.latencies(run, BenchResults.Second::p50)),
                    new Charts.Series("p90", null, RunSeries.latencies(run, BenchResults.Second::p90)),
                    new Charts.Series("p99", null, RunSeries.latencies(run, BenchResults.Second::p99)),
                    new Charts.Series("p99.9", null, RunSeries.latencies(run, BenchResults.Second::p999)))));
        }
        List<String> percentiles = List.of("p50", "p90", "p99", "p99.9");
        Map<String, List<Double>> bars = new LinkedHashMap<>();
        Map<String, String> variants = new LinkedHashMap<>();
        for (RunVerdict verdict : runs) {
            BenchResults.Summary summary = verdict.run().summary();
            bars.put(labels.of(verdict.run()), List.of(summary.p50(), summary.p90(), summary.p99(), summary.p999()));
            variants.put(labels.of(verdict.run()), verdict.run().variant());
        }
        html.append(charts.bars("Latency percentiles", "ms", percentiles, bars, variants));
        html.append(charts.lines("CPU of the variant's replicas", "second", "% of this machine",
                series(runs, labels, RunSeries::cpuPercent), marks));
        html.append(charts.lines("Live platform threads, all replicas", "second", "threads",
                series(runs, labels, RunSeries::threads), marks));
        boolean resident = runs.stream().anyMatch(verdict -> RunSeries.memoryIsResident(verdict.run()));
        html.append(charts.lines(resident ? "Resident memory, all replicas" : "Heap in use, all replicas", "second", "MiB",
                series(runs, labels, RunSeries::memoryMiB), marks));
        html.append(charts.lines("This machine's CPU (all cores)", "second", "% busy",
                series(runs, labels, RunSeries::machineCpuPercent), marks));
        if (runs.stream().anyMatch(verdict -> !RunSeries.cacheHitPercent(verdict.run()).isEmpty())) {
            html.append(charts.lines("Gateway cache: share answered from cache", "second", "% of cached-route requests",
                    series(runs, labels, RunSeries::cacheHitPercent)));
        }
        html.append("</div>");
    }

    /** The events of the scenario's runs, once each (every run of a scenario has the same schedule). */
    private static List<Charts.Mark> marks(List<RunVerdict> runs) {
        return runs.stream().flatMap(verdict -> verdict.run().eventsOrEmpty().stream())
                .map(mark -> new Charts.Mark(Math.round(mark.atSeconds()), mark.event()))
                .distinct().toList();
    }

    private static List<Charts.Series> series(List<RunVerdict> runs, RunLabels labels,
            Function<BenchResults.Run, List<double[]>> points) {
        return runs.stream().map(verdict -> new Charts.Series(labels.of(verdict.run()), verdict.run().variant(),
                points.apply(verdict.run()))).toList();
    }

    private static Map<String, List<RunVerdict>> byScenario(List<RunVerdict> verdicts) {
        Map<String, List<RunVerdict>> grouped = new LinkedHashMap<>();
        verdicts.forEach(verdict -> grouped.computeIfAbsent(verdict.run().scenario(), key -> new ArrayList<>()).add(verdict));
        return grouped;
    }

    private static void howToRead(StringBuilder html) {
        html.append("""
                <h2>How to read this report</h2>
                <ul>
                <li><b>Latency</b> counts from when a request was <i>meant</i> to start: a server that stalls is charged for
                every request that queued behind the stall (coordinated omission corrected, as wrk2 does).</li>
                <li><b>users ÷ latency</b> is what a closed workload can reach at best (each user waits for its answer);
                <b>threads ÷ latency</b> is what MVC's platform-thread pool can serve at best; a run near its bound is
                doing all its model allows.</li>
                <li><b>This machine's CPU</b> near 100% means the box was the limit (load generator, gateway and replicas
                share it): compare models only on runs where it was not.</li>
                <li>Threads and memory are summed over the variant's replicas; virtual threads do not show as platform
                threads, which is the point.</li>
                <li>Every number here is in <code>results.json</code> beside this file (schema in load-tests/README.md).</li>
                </ul>""");
    }

    private static String whole(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
