package dev.concurrencylab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report made from a fixed results.json (src/test/resources/report): io-bound with mvc at 98%
 * of its thread bound, virtual at 96% and webflux at 83% of users ÷ latency; cache-friendly with a
 * gateway cache answering 90%, and an mvc run on a saturated machine.
 */
class ReportTest {

    private static final Path FIXTURE = Path.of("src/test/resources/report/results.json");

    @TempDir
    Path folder;

    private BenchResults results;
    private String html;
    private String markdown;

    @BeforeEach
    void render() throws IOException {
        results = ResultsFile.read(FIXTURE);
        Path index = new ReportWriter().render(results, folder);
        html = Files.readString(index);
        markdown = Files.readString(folder.resolve("summary.md"));
    }

    @Test
    void theReportIsOneFileThatOpensOffline() {
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>");
        assertThat(html).doesNotContain("<script", "<link", "src=\"http", "href=\"http", "<?xml");
    }

    @Test
    void itDrawsTheOverviewAndEveryScenariosCharts() {
        // overview: throughput by scenario, latency vs load; per scenario: throughput, p50/p99, percentiles,
        // replicas' CPU, threads, memory, machine CPU, plus the cache chart where the gateway reported its
        // cache; and per run its four percentiles over time (3 io-bound runs, 2 cache-friendly)
        assertThat(count(html, "<svg")).isEqualTo(2 + 7 + 8 + 5);
        assertThat(html).contains("aria-label=\"Latency percentiles per second: mvc\"");
        assertThat(html).contains("aria-label=\"Throughput per second\"", "aria-label=\"Latency percentiles\"",
                "aria-label=\"Live platform threads, all replicas\"", "aria-label=\"Resident memory, all replicas\"",
                "aria-label=\"This machine's CPU (all cores)\"", "aria-label=\"Gateway cache: share answered from cache\"",
                "aria-label=\"Latency vs load: p99 against throughput, one point per run\"");
    }

    @Test
    void eachRunIsExplainedAgainstTheBoundItsModelAllows() {
        assertThat(html).contains("mvc: 780 req/s — 98% of its thread bound (400 threads ÷ 500 ms = 800 req/s) and 65% of "
                + "users ÷ latency (600 ÷ 500 ms = 1,200 req/s).");
        assertThat(html).contains("virtual: 1,150 req/s — 96% of users ÷ latency (600 ÷ 500 ms = 1,200 req/s).");
        assertThat(html).contains("webflux: 800 req/s — 100% of the offered 800 req/s. 90% answered from the gateway's cache.");
        assertThat(html).contains("io-bound</b>: virtual served most, 1,150 req/s (mvc 68% of it, webflux 87% of it); "
                + "mvc capped near threads ÷ latency = 800 req/s.");
    }

    @Test
    void aSaturatedMachineIsBlamedInsteadOfTheModel() {
        assertThat(html).contains("mvc: 600 req/s — 75% of the offered 800 req/s. This machine's CPU was 95% busy on average: "
                + "the box, not the model, was the limit.");
        assertThat(html).contains("class=\"callout\"");
    }

    @Test
    void theTargetsOfTheIoBoundScenarioAreChecked() {
        assertThat(markdown).contains("- io-bound mvc: 98% (within 10% of threads ÷ latency) — met",
                "- io-bound virtual: 96% (≥ 90% of users ÷ latency) — met",
                "- io-bound webflux: 83% (≥ 90% of users ÷ latency) — MISSED");
    }

    @Test
    void theSummaryTableHasARowPerRun() {
        assertThat(markdown).contains("| scenario | run | load | req/s |");
        assertThat(markdown).contains("| io-bound | mvc | 600 users, io 500 ms | 780 | 760.0 | 810.0 | 900.0 | 0 | 98% of threads ÷ latency |");
        assertThat(markdown).contains("| cache-friendly | webflux | 800 req/s offered, io 100 ms | 800 | 2.0 | 110.0 | 130.0 | 0 | 100% of offered |");
        assertThat(count(html, "<tr><td>")).isEqualTo(results.runs().size());
    }

    @Test
    void resultsWithAnotherSchemaAreRefusedWithTheReason() throws IOException {
        Path other = Files.writeString(folder.resolve("old.json"), Files.readString(FIXTURE).replaceFirst("\"schema\": 1", "\"schema\": 0"));

        assertThatThrownBy(() -> ResultsFile.read(other)).hasMessageContaining("has schema 0; this lab reads schema 1");
    }

    @Test
    void resultsRoundTripThroughTheFile() {
        Path copy = folder.resolve("copy.json");
        ResultsFile.write(results, copy);

        assertThat(ResultsFile.read(copy)).isEqualTo(results);
    }

    private static int count(String text, String what) {
        return (int) Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}
