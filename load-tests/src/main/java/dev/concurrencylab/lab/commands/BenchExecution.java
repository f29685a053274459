package dev.concurrencylab.lab.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import dev.concurrencylab.lab.bench.BenchProgress;
import dev.concurrencylab.lab.bench.BenchRunner;
import dev.concurrencylab.lab.bench.BenchTarget;
import dev.concurrencylab.lab.bench.LiveRun;
import dev.concurrencylab.lab.bench.MatrixCell;
import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.MarkdownSummary;
import dev.concurrencylab.lab.report.ReportWriter;
import dev.concurrencylab.lab.topology.LabException;

/**
 * Runs a matrix and writes its report, shared by {@code bench}, {@code demo} and {@code plan --verify}. Ctrl-C stops the
 * current run and skips the rest; the report of what was measured is still written (the shutdown
 * hook waits for it).
 */
final class BenchExecution {

    private final PrintStream out;
    private final Consumer<LiveRun> live;

    /** @param live where each second of a run goes for the live page (a local lab's {@link LiveRunFile}), or nowhere */
    BenchExecution(PrintStream out, Consumer<LiveRun> live) {
        this.out = out;
        this.live = live;
    }

    /** What a bench wrote: the report's index.html, and the results in it. */
    record Outcome(Path index, BenchResults results) {
    }

    /** @return the report's index.html */
    Path run(BenchTarget target, List<MatrixCell> cells, Duration pause, Duration warmEveryVariant, Path reports) {
        return run(target, cells, pause, warmEveryVariant, reports, UnaryOperator.identity()).index();
    }

    /** @param annotate adds to the results what the report should show beside the measurements (a plan's predictions) */
    Outcome run(BenchTarget target, List<MatrixCell> cells, Duration pause, Duration warmEveryVariant, Path reports,
            UnaryOperator<BenchResults> annotate) {
        long seconds = warmEveryVariant.toSeconds() + cells.stream().mapToLong(cell -> cell.scenario().duration()
                .plus(cell.scenario().warmup()).toSeconds() + pause.toSeconds()).sum();
        out.printf("Bench: %d runs against %s, about %d min %02d s. Ctrl-C stops early and still writes the report.%n",
                cells.size(), target.base(), seconds / 60, seconds % 60);
        BenchRunner runner = new BenchRunner(target, new BenchProgress(out, System.console() != null, live), pause,
                warmEveryVariant);
        try (CtrlC ctrlC = new CtrlC("lab-bench-stop", runner::stop)) {
            BenchResults results = annotate.apply(runner.run(cells));
            if (results.runs().isEmpty()) {
                throw new LabException(results.stoppedBecause() != null ? results.stoppedBecause() + "; no report written"
                        : "stopped before any run finished; no report written");
            }
            Path index = new ReportWriter().write(results, reports);
            out.println();
            out.print(MarkdownSummary.of(results));
            if (results.stoppedBecause() != null) {
                throw new LabException(results.stoppedBecause() + ". The report of what was measured until then: "
                        + index.toAbsolutePath());
            }
            out.printf("%nReport ready: %s%n", index.toAbsolutePath());
            return new Outcome(index, results);
        }
    }
}
