package dev.concurrencylab.lab.bench;

import java.io.PrintStream;
import java.util.function.Consumer;

import dev.concurrencylab.lab.load.LoadResult;
import dev.concurrencylab.lab.report.BenchResults;

/**
 * The live display during a bench: which run of how many, then every second its throughput, p99,
 * in-flight requests and the machine's CPU. On a terminal the line is redrawn in place; in a log
 * (CI, a pipe) every fifth second is printed, so logs stay readable. Each second also goes to the
 * live page, if one listens ({@link LiveRunFile}).
 */
public final class BenchProgress {

    private final PrintStream out;
    private final boolean terminal;
    private final Consumer<LiveRun> live;
    private String current = "";
    private long seconds;

    /** @param live where each second of a run goes besides the terminal (the live page's file), or nowhere */
    public BenchProgress(PrintStream out, boolean terminal, Consumer<LiveRun> live) {
        this.out = out;
        this.terminal = terminal;
        this.live = live;
    }

    void starting(int index, int total, MatrixCell cell) {
        current = "[%d/%d] %s".formatted(index, total, cell.describe());
        seconds = cell.scenario().duration().toSeconds();
        out.printf("%s: warming up %d s ...%n", current, cell.scenario().warmup().toSeconds());
        live.accept(new LiveRun(current, 0, seconds, 0, 0, System.currentTimeMillis()));
    }

    void second(LoadResult.Second second, BenchResults.Observed observed) {
        String line = "  %3d/%d s  %7d req/s  p99 %8.1f ms%s%s".formatted(second.second(), seconds, second.completed(),
                second.p99Millis(), inFlight(observed), cpu(observed));
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
        } else if (second.second() % 5 == 0) {
            out.println(line);
        }
        live.accept(new LiveRun(current, second.second(), seconds, second.completed(), second.p99Millis(),
                System.currentTimeMillis()));
    }

    void finished(BenchResults.Run run) {
        if (terminal) {
            out.println();
        }
        BenchResults.Summary summary = run.summary();
        out.printf("  done: %.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors%s%n", summary.throughput(), summary.p50(),
                summary.p99(), summary.errorCount(), run.stopped() ? " (stopped early)" : "");
    }

    void note(String message) {
        out.println(message);
    }

    private static String inFlight(BenchResults.Observed observed) {
        if (observed == null) {
            return "";
        }
        double total = observed.processes().values().stream()
                .filter(sample -> sample.inFlight() != null && "gateway".equals(sample.role()))
                .mapToDouble(BenchResults.ProcessSample::inFlight).sum();
        return "  in flight %5.0f".formatted(total);
    }

    private static String cpu(BenchResults.Observed observed) {
        return observed == null || observed.machineCpu() == null ? ""
                : "  machine CPU %3.0f%%".formatted(observed.machineCpu() * 100);
    }
}
