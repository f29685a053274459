package dev.concurrencylab.lab.observability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The series the lab's Grafana dashboard asks Prometheus for: every selector {@code name{...}} of
 * every panel's query, with the variants its {@code variant} matcher names (a panel for webflux
 * only must find webflux's series; one without a matcher any).
 */
public final class DashboardQueries {

    public static final Path DASHBOARD = Path.of("k8s/components/observability/grafana/dashboards/concurrency-lab.json");

    /** {@code metric_name{labels}}: the dashboard writes every selector with braces. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern VARIANT = Pattern.compile("variant\\s*(=~|=)\\s*\"([^\"]*)\"");

    private DashboardQueries() {
    }

    public static JsonNode dashboard(Path project) throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(project.resolve(DASHBOARD)));
    }

    /** Every query of every panel. */
    public static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        return expressions;
    }

    /** Metric name to the variants that must have it (empty: any process will do). */
    public static Map<String, Set<String>> metrics(JsonNode dashboard) {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        for (String expression : expressions(dashboard)) {
            Matcher selector = SELECTOR.matcher(expression);
            while (selector.find()) {
                Set<String> variants = metrics.computeIfAbsent(selector.group(1), name -> new LinkedHashSet<>());
                Matcher variant = VARIANT.matcher(selector.group(2));
                if (variant.find()) {
                    variants.addAll(List.of(variant.group(2).split("\\|")));
                }
            }
        }
        return metrics;
    }
}
