package dev.concurrencylab.lab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few values the bench needs from an actuator's {@code /actuator/prometheus} page.
 * <p>
 * Parsed here because the Prometheus Java libraries only write this format; reading a sample line
 * ({@code name{labels} value}) is all the bench needs, and labels are matched as plain text.
 */
public final class PrometheusText {

    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

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

    /**
     * A histogram's cumulative bucket counts by upper bound ({@code le}), summed over every series of
     * {@code <name>_bucket} whose labels pass the filter; empty if the page has none.
     */
    public SortedMap<Double, Double> buckets(String name, Predicate<String> labels) {
        SortedMap<Double, Double> buckets = new TreeMap<>();
        for (Line line : lines) {
            if (line.name.equals(name + "_bucket") && labels.test(line.labels)) {
                Matcher le = LE.matcher(line.labels);
                if (le.find()) {
                    double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                    buckets.merge(bound, line.value, Double::sum);
                }
            }
        }
        return buckets;
    }

    private record Line(String name, String labels, double value) {
    }
}
