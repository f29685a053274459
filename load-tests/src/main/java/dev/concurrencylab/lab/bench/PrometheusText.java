package dev.concurrencylab.lab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The few values the bench needs from an actuator's {@code /actuator/prometheus} page.
 * <p>
 * Parsed here because the Prometheus Java libraries only write this format; reading a sample line
 * ({@code name{labels} value}) is all the bench needs, and labels are matched as plain text.
 */
public final class PrometheusText {

    private final List<Line> lines;

    private PrometheusText(List<Line> lines) {
        this.lines = lines;
    }

    public static PrometheusText parse(String page) {
        List<Line> lines = new ArrayList<>();
        page.lines().filter(line -> !line.isEmpty() && line.charAt(0) != '#').forEach(line -> {
            int space = line.lastIndexOf(' ');
            int brace = line.indexOf('{');
            if (space <= 0) {
                return;
            }
            String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            String labels = brace > 0 && brace < space ? line.substring(brace, space) : "";
            try {
                lines.add(new Line(name, labels, Double.parseDouble(line.substring(space + 1))));
            } catch (NumberFormatException notASample) {
                // a timestamp or an exemplar after the value: not written by Micrometer's Prometheus registry
            }
        });
        return new PrometheusText(lines);
    }

    /** The sum over every series of a metric, or {@code null} if the page has none. */
    public Double sum(String name) {
        return sum(name, labels -> true);
    }

    /** The sum over the series of a metric whose label text passes the filter, or {@code null}. */
    public Double sum(String name, Predicate<String> labels) {
        double total = 0;
        boolean found = false;
        for (Line line : lines) {
            if (line.name.equals(name) && labels.test(line.labels)) {
                total += line.value;
                found = true;
            }
        }
        return found ? total : null;
    }

    /** The largest value over every series of a metric, or {@code null} if the page has none. */
    public Double max(String name) {
        return lines.stream().filter(line -> line.name.equals(name)).map(Line::value).max(Double::compare).orElse(null);
    }

    /** How many series a metric has (e.g. one per event loop), or {@code null} if the page has none. */
    public Double count(String name) {
        long series = lines.stream().filter(line -> line.name.equals(name)).count();
        return series == 0 ? null : (double) series;
    }

    private record Line(String name, String labels, double value) {
    }
}
