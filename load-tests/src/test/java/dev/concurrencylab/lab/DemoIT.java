package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.ResultsFile;
import dev.concurrencylab.lab.topology.StateStore;

/**
 * {@code ./lab demo} end to end at a tiny size, with the real jars: it starts the lab, runs a
 * scenario against every variant through the gateway, writes the report, and stops everything.
 */
class DemoIT {

    @TempDir
    Path work;

    @AfterEach
    void downIfTheDemoLeftAnything() {
        if (new StateStore(work.resolve("lab")).load().isPresent()) {
            Lab.run("--project-dir", projectDir(), "--lab-dir", work.resolve("lab").toString(), "down");
        }
    }

    @Test
    void theDemoComparesEveryVariantWritesTheReportAndLeavesNothingRunning() throws IOException {
        Path scenario = Files.writeString(work.resolve("tiny.yaml"), """
                description: 20 users, 20 ms of I/O each request.
                users: 20
                duration: 4s
                request: {io: 20ms}
                mix: {work: 100}
                """);
        Path reports = work.resolve("reports");

        int exit = Lab.run("--project-dir", projectDir(), "--lab-dir", work.resolve("lab").toString(), "demo",
                "--replicas", "1", "--scenario", scenario.toString(), "--duration", "4s", "--warmup", "1s",
                "--report-dir", reports.toString());

        assertThat(exit).isZero();
        Path folder = onlyFolder(reports);
        assertThat(folder.resolve("index.html")).content().contains("<svg", "tiny", "mvc", "virtual", "webflux");
        assertThat(folder.resolve("summary.md")).content().contains("| tiny | mvc |", "| tiny | virtual |", "| tiny | webflux |");
        BenchResults results = ResultsFile.read(folder.resolve("results.json"));
        assertThat(results.runs()).extracting(BenchResults.Run::variant).containsExactly("mvc", "virtual", "webflux");
        assertThat(results.runs()).allSatisfy(run -> {
            assertThat(run.summary().requests()).isPositive();
            assertThat(run.summary().errors()).isEmpty();
            assertThat(run.replicas()).isEqualTo(1);
            // every process is seen; not in every second, since a process too busy to answer its
            // scrape within 900 ms leaves a gap in that second by design (Observer)
            assertThat(run.observed()).isNotEmpty();
            assertThat(run.observed().stream().flatMap(second -> second.processes().values().stream()))
                    .extracting(BenchResults.ProcessSample::role)
                    .contains("gateway", "downstream", run.variant());
        });
        assertThat(new StateStore(work.resolve("lab")).load()).as("the demo took its lab down").isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().commandLine().orElse("")
                .contains(work.toString()))).as("no process started by the demo is left").isEmpty();
    }

    private static Path onlyFolder(Path reports) throws IOException {
        try (Stream<Path> folders = Files.list(reports)) {
            List<Path> all = folders.toList();
            assertThat(all).hasSize(1);
            return all.getFirst();
        }
    }

    private static String projectDir() {
        return System.getProperty("lab.project.dir", "../");
    }
}
