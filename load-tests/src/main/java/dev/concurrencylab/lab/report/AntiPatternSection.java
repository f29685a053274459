package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The report's "Anti-patterns" section: each anti-pattern's runs beside the same load done right,
 * the lesson computed from the runs (loops ÷ wait for blocked event loops), and the charts that show
 * it: throughput per second, the event loops' lag and pending tasks, the pooled connections waited
 * for, and the latency of the requests that did nothing wrong. Pending tasks grow with traffic too
 * (a done-right run at ten times the throughput queues more), so the lag is the chart that tells a
 * blocked loop from a busy one; the text under the charts says so.
 */
final class AntiPatternSection {

    private final Charts charts;

    AntiPatternSection(Charts charts) {
        this.charts = charts;
    }

    void append(StringBuilder html, BenchResults results, RunLabels labels) {
        List<AntiPatternComparison> pairs = AntiPatternComparison.of(results.runs());
        if (pairs.isEmpty()) {
            return;
        }
        html.append("<h2>Anti-patterns</h2><p>Each anti-pattern's run beside the same load done right "
                + "(scenario <code>&lt;name&gt;-done-right</code>), same variant, replicas and cache.</p>");
        Map<String, List<AntiPatternComparison>> byScenario = new LinkedHashMap<>();
        pairs.forEach(pair -> byScenario.computeIfAbsent(pair.wrong().scenario(), key -> new ArrayList<>()).add(pair));
        for (Map.Entry<String, List<AntiPatternComparison>> scenario : byScenario.entrySet()) {
            List<AntiPatternComparison> runs = scenario.getValue();
            html.append("<h3>").append(HtmlReport.escape(scenario.getKey())).append("</h3><p>")
                    .append(HtmlReport.escape(runs.getFirst().wrong().description())).append("</p><ul class=\"findings\">");
            runs.forEach(pair -> html.append("<li>").append(HtmlReport.escape(pair.explain())).append("</li>"));
            html.append("</ul><div class=\"charts\">");
            html.append(charts.lines("Throughput per second, wrong and done right", "second", "requests / s",
                    series(runs, labels, run -> RunSeries.generator(run, BenchResults.Second::requests))));
            List<AntiPatternComparison> loops = runs.stream().filter(AntiPatternComparison::blocksEventLoops).toList();
            if (!loops.isEmpty()) {
                html.append(charts.lines("Event-loop lag, worst loop (lab.eventloop.lag)",
                        "second", "ms", series(loops, labels,
                                run -> RunSeries.worstReplica(run, BenchResults.ProcessSample::eventLoopLagMillis))));
                html.append(charts.lines("Event loops' pending tasks, all replicas",
                        "second", "tasks waiting", series(loops, labels,
                                run -> RunSeries.replicas(run, BenchResults.ProcessSample::pendingTasks))));
            }
            if (runs.stream().anyMatch(AntiPatternComparison::poolTooSmall)) {
                html.append(charts.lines("Waiting for a pooled connection, all replicas", "second",
                        "waiting", series(runs, labels, run -> RunSeries.replicas(run, BenchResults.ProcessSample::poolPending))));
            }
            Map<String, List<Double>> bystanders = new LinkedHashMap<>();
            Map<String, String> colours = new LinkedHashMap<>();
            List<String> variants = new ArrayList<>();
            for (AntiPatternComparison pair : runs) {
                pair.bystandersP99().ifPresent(p99 -> {
                    variants.add(labels.of(pair.wrong()));
                    bystanders.computeIfAbsent("wrong", key -> new ArrayList<>()).add(p99[0]);
                    bystanders.computeIfAbsent("done right", key -> new ArrayList<>()).add(p99[1]);
                });
            }
            if (!variants.isEmpty()) {
                html.append(charts.bars("p99 of the bystanders (endpoints other than /work)", "ms", variants, bystanders,
                        colours));
            }
            html.append("</div>");
            if (!loops.isEmpty()) {
                html.append("<p class=\"sub\">Lag (<code>lab.eventloop.lag</code>) is how late a loop ran a task it had scheduled for itself: a loop that "
                        + "never blocks runs it on time, a blocked loop only when the blocking call returns. Pending tasks "
                        + "(<code>reactor.netty.eventloop.pending.tasks</code>) count what other threads handed the loops (completions of timers and downstream calls): they "
                        + "grow with traffic as well, so a busy loop done right can show more of them than a blocked one.</p>");
            }
        }
    }

    private static List<Charts.Series> series(List<AntiPatternComparison> pairs, RunLabels labels,
            Function<BenchResults.Run, List<double[]>> points) {
        List<Charts.Series> series = new ArrayList<>();
        for (AntiPatternComparison pair : pairs) {
            series.add(new Charts.Series(labels.of(pair.wrong()) + " wrong", pair.wrong().variant(), points.apply(pair.wrong())));
            series.add(new Charts.Series(labels.of(pair.right()) + " done right", null, points.apply(pair.right())));
        }
        return series;
    }
}
