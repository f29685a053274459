package dev.concurrencylab.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report's "Plan vs measured" section, for runs {@code ./lab plan --verify} made: a table of
 * predicted against measured, and two charts with one point per run, predicted on x, measured on
 * y, and the diagonal where a perfect plan's points lie.
 */
final class PlanSection {

    private final Charts charts;

    PlanSection(Charts charts) {
        this.charts = charts;
    }

    void append(StringBuilder html, BenchResults results, RunLabels labels) {
        List<PlanComparison> comparisons = PlanComparison.of(results);
        if (comparisons.isEmpty()) {
            return;
        }
        html.append("<h2>Plan vs measured</h2><p>What <code>./lab plan</code> predicted for each run, at the replica count "
                + "it chose, against what the run measured; the error is |predicted − measured| ÷ measured. The model and its "
                + "limits: load-tests/README.md, \"The plan\".</p>");
        html.append("<table><tr><th>run</th><th>replicas</th><th>bound</th><th>req/s predicted</th><th>measured</th>"
                + "<th>error</th><th>p50 ms predicted</th><th>measured</th><th>p99 ms predicted</th><th>measured</th>"
                + "<th>error</th><th>hit ratio predicted</th><th>measured</th><th>CPU per replica predicted</th>"
                + "<th>measured</th></tr>");
        for (PlanComparison c : comparisons) {
            BenchResults.Predicted p = c.predicted();
            BenchResults.Summary m = c.run().summary();
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%s</td><td>%.0f</td><td>%.0f</td><td>%s</td>"
                    + "<td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td>"
                    + "<td>%s</td></tr>", HtmlReport.escape(labels.of(c.run())), p.replicas(), HtmlReport.escape(p.bound()),
                    p.throughput(), m.throughput(), RunVerdict.percent(c.throughputError()), p.p50Millis(), m.p50(),
                    p.p99Millis(), m.p99(), RunVerdict.percent(c.p99Error()), RunVerdict.percent(p.hitRatio()),
                    c.hitRatio() == null ? "–" : RunVerdict.percent(c.hitRatio()), p.cpuPerReplica(),
                    c.cpuPerReplica() == null ? "–" : String.format(Locale.ROOT, "%.2f", c.cpuPerReplica())));
        }
        html.append("</table><p><b>").append(PlanComparison.summaryLine(comparisons)).append("</b></p>");
        html.append("<div class=\"charts\">");
        html.append(chart("Throughput: measured against predicted", "requests / s", comparisons, labels,
                c -> c.predicted().throughput(), c -> c.run().summary().throughput()));
        html.append(chart("p99: measured against predicted", "ms", comparisons, labels,
                c -> c.predicted().p99Millis(), c -> c.run().summary().p99()));
        html.append("</div>");
    }

    private String chart(String title, String unit, List<PlanComparison> comparisons, RunLabels labels,
            ToDoubleFunction<PlanComparison> predicted, ToDoubleFunction<PlanComparison> measured) {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        Map<String, String> variants = new LinkedHashMap<>();
        double top = 0;
        for (PlanComparison c : comparisons) {
            double x = predicted.applyAsDouble(c);
            double y = measured.applyAsDouble(c);
            if (Double.isFinite(x) && Double.isFinite(y)) {
                String label = labels.of(c.run());
                points.computeIfAbsent(label, key -> new ArrayList<>()).add(new double[] {x, y});
                variants.put(label, c.run().variant());
                top = Math.max(top, Math.max(x, y));
            }
        }
        List<Charts.Series> series = new ArrayList<>();
        points.forEach((label, list) -> series.add(new Charts.Series(label, variants.get(label), list)));
        return charts.scatterWithDiagonal(title, "predicted " + unit, "measured " + unit, series, top * 1.1);
    }
}
