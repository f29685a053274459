package dev.concurrencylab.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's anti-pattern and event findings, made from a fixed results.json
 * (src/test/resources/report/anti-patterns-and-events.json): block-the-event-loop on virtual and on
 * webflux (2 replicas × 4 event loops, 80% of requests blocking 50 ms) beside the same load done
 * right, and a run with service-webflux-1 killed at 4 s (throughput 1,000 → 955 req/s, 3 failures
 * in the second after), pool-smaller-than-concurrency on virtual (2 replicas × a pool of 4, every
 * request a 100 ms call to downstream) beside the same load with a pool of 1,000, and a run whose
 * webflux is scaled from 2 to 4 at 3 s (100 req/s until second 7, then 130, 150, 150).
 */
class AntiPatternsAndEventsReportTest {

    private static final Path FIXTURE = Path.of("src/test/resources/report/anti-patterns-and-events.json");

    @TempDir
    Path folder;

    private String html;
    private String markdown;

    @BeforeEach
    void render() throws IOException {
        Path index = new ReportWriter().render(ResultsFile.read(FIXTURE), folder);
        html = Files.readString(index);
        markdown = Files.readString(folder.resolve("summary.md"));
    }

    @Test
    void blockedEventLoopsAreComparedWithLoopsDividedByTheWait() {
        assertThat(html).contains("<h2>Anti-patterns</h2>");
        assertThat(html).contains("webflux: 170 req/s against 1,800 req/s done right (9%). 8 event loops, 80% of requests "
                + "blocking one for 50 ms: at most 8 ÷ (0.80 × 0.050 s) = 200 req/s; measured 85% of it. Worst event-loop lag "
                + "48 ms against 2 ms done right. Requests that block nothing: p99 2100.0 ms against 130.0 ms done right.");
        assertThat(markdown).contains("Anti-patterns, beside the same load done right:");
    }

    @Test
    void theThreadModelsAreNotBlamedForBlocking() {
        assertThat(html).contains("virtual: 1,900 req/s against 1,950 req/s done right (97%): blocking a thread is how this "
                + "model waits, so io-mode block and sleep run the same code here.");
    }

    @Test
    void theAntiPatternsChartsAreDrawn() {
        assertThat(html).contains("aria-label=\"Throughput per second, wrong and done right\"",
                "aria-label=\"Event-loop lag, worst loop (lab.eventloop.lag)\"",
                "aria-label=\"Event loops' pending tasks, all replicas\"",
                "aria-label=\"p99 of the bystanders (endpoints other than /work)\"");
    }

    @Test
    void aPoolSmallerThanTheConcurrencyIsComparedWithReplicasTimesPoolDividedByTheWait() {
        assertThat(html).contains("virtual: 76 req/s against 1,500 req/s done right (5%). 2 replicas × a pool of 4 "
                + "connections, 1.00 calls per request holding one for 100 ms: at most 80 req/s; 64 req/s were answered without an error, 80% of it. 120 answered "
                + "5xx (503 downstream-pool-exhausted: no pooled connection within the 5 s the services wait for one), "
                + "against 0 done right.");
        assertThat(html).contains("aria-label=\"Waiting for a pooled connection, all replicas\"");
    }

    @Test
    void anEventsEffectIsCountedInFailuresAndTimeToSettle() {
        String effect = "kill service-webflux-1 at 4.0 s: 3 failed requests after it; throughput 1,000 → 955 req/s, "
                + "settled within 1 s";
        assertThat(html).contains(effect);
        assertThat(markdown).contains("  - " + effect);
        assertThat(html).contains("aria-label=\"Failed requests per second\"");
    }

    @Test
    void theTargetsOfTheAntiPatternsAndEventsAreCheckedWhereTheyRan() {
        String blocked = "block-the-event-loop webflux, blocking its event loops: 85% of 200 req/s (within 15% of loops ÷ wait)"
                + " — met";
        String killed = "kill-a-replica webflux, kill service-webflux-1: 3 failed, throughput back after 1 s (0 failed "
                + "requests, throughput back within 5 s) — MISSED";
        String scaled = "scale-out webflux, scale webflux=4 (from 2): rose after 4 s, 100 → 150 req/s (+50%) (throughput "
                + "rises within 10 s) — met";
        assertThat(markdown).contains("Targets:", "- " + blocked, "- " + killed, "- " + scaled);
        assertThat(html).contains("The targets of the anti-patterns and events:", "<li class=\"met\">" + blocked,
                "<li class=\"missed\">" + killed, "<li class=\"met\">" + scaled);
    }

    @Test
    void aTargetMissedOnASaturatedMachineSaysTheBoxWasTheLimit() throws IOException {
        BenchResults.Run kill = ResultsFile.read(FIXTURE).runs().stream().filter(run -> run.scenario().equals("kill-a-replica"))
                .findFirst().orElseThrow();
        BenchResults.Run saturated = new BenchResults.Run(kill.scenario(), kill.description(), kill.variant(), kill.replicas(),
                kill.cache(), kill.workload(), kill.threadPool(), kill.summary(), kill.seconds(), kill.observed().stream()
                        .map(second -> new BenchResults.Observed(second.second(), 0.95, second.processes())).toList(),
                kill.stopped(), kill.predicted(), kill.events(), kill.stoppedBecause());

        assertThat(LessonCheck.of(List.of(saturated))).singleElement().satisfies(check -> {
            assertThat(check.met()).isFalse();
            assertThat(check.describe()).endsWith("— MISSED, machine-limited (this machine's CPU was 95% busy on average: "
                    + "the box, not the model, was the limit)");
        });
    }
}
