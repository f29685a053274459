package dev.concurrencylab.lab.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.concurrencylab.lab.bench.BenchProgress;
import dev.concurrencylab.lab.bench.BenchRunner;
import dev.concurrencylab.lab.bench.BenchTarget;
import dev.concurrencylab.lab.bench.MatrixCell;
import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.MarkdownSummary;
import dev.concurrencylab.lab.report.ReportWriter;
import dev.concurrencylab.lab.topology.LabException;

/**
 * Runs a matrix and writes its report, shared by {@code bench} and {@code demo}. Ctrl-C stops the
 * current run and skips the rest; the report of what was measured is still written (the shutdown
 * hook waits for it).
 */
final class BenchExecution {

    private final PrintStream out;

    BenchExecution(PrintStream out) {
        this.out = out;
    }

    /** @return the report's index.html */
    Path run(BenchTarget target, List<MatrixCell> cells, Duration pause, Duration warmEveryVariant, Path reports) {
        long seconds = warmEveryVariant.toSeconds() + cells.stream().mapToLong(cell -> cell.scenario().duration()
                .plus(cell.scenario().warmup()).toSeconds() + pause.toSeconds()).sum();
        out.printf("Bench: %d runs against %s, about %d min %02d s. Ctrl-C stops early and still writes the report.%n",
                cells.size(), target.base(), seconds / 60, seconds % 60);
        BenchRunner runner = new BenchRunner(target, new BenchProgress(out, System.console() != null), pause,
                warmEveryVariant);
        CountDownLatch written = new CountDownLatch(1);
        Thread stopOnCtrlC = new Thread(() -> {
            runner.stop();
            awaitQuietly(written);
        }, "lab-bench-stop");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        try {
            BenchResults results = runner.run(cells);
            if (results.runs().isEmpty()) {
                throw new LabException("stopped before any run finished; no report written");
            }
            Path index = new ReportWriter().write(results, reports);
            out.println();
            out.print(MarkdownSummary.of(results));
            out.printf("%nReport ready: %s%n", index.toAbsolutePath());
            return index;
        } finally {
            written.countDown();
            removeQuietly(stopOnCtrlC);
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and waits for the report written above
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
