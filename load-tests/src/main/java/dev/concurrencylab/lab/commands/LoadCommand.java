package dev.concurrencylab.lab.commands;

import java.net.URI;
import java.time.Duration;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.load.LoadGenerator;
import dev.concurrencylab.lab.load.LoadModel;
import dev.concurrencylab.lab.load.LoadResult;
import dev.concurrencylab.lab.topology.LabException;

/** {@code ./lab load}: one measured run against any HTTP target. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Offers load to one URL of any running deployment (local, compose, Kubernetes) and prints what it "
            + "measured: throughput and latency percentiles, corrected for coordinated omission in the open model, "
            + "errors by kind, late and dropped sends. Stops by itself; Ctrl-C stops early and still prints the result.",
        footer = {"", "Examples:",
            "  ./lab load --target http://127.0.0.1:8080 --path '/webflux/work?io=50ms' --rate 500 --duration 20s",
            "  ./lab load --target http://127.0.0.1:8080 --path '/mvc/work?io=50ms' --users 400 --duration 20s"})
public final class LoadCommand implements Runnable {

    @Option(names = "--target", required = true, description = "Base URL, e.g. http://127.0.0.1:8080")
    private URI target;

    @Option(names = "--path", defaultValue = "/webflux/work?io=50ms", description = "Path and query (default: ${DEFAULT-VALUE}).")
    private String path;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Model model;

    @Option(names = "--duration", defaultValue = "10s", description = "Measured time, at most 10m (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", description = "Load before measuring, not counted (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--connections", defaultValue = "512", description = "Open model: connections at most (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--think", defaultValue = "0ms", description = "Closed model: each user's pause between requests (default: ${DEFAULT-VALUE}).")
    private Duration think;

    static final class Model {
        @Option(names = "--rate", description = "Open model: requests per second.")
        Double rate;

        @Option(names = "--users", description = "Closed model: simultaneous users.")
        Integer users;
    }

    @Override
    public void run() {
        if (duration.isZero() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new LabException("--duration must be within (0, 10m], was " + Quantities.format(duration));
        }
        if (warmup.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new LabException("--warmup must be within 0s..2m, was " + Quantities.format(warmup));
        }
        if (!path.startsWith("/")) {
            throw new LabException("--path must start with /, was " + path);
        }
        try {
            System.out.printf("Warming up for %s, then measuring %s for %s (%s) ...%n", Quantities.format(warmup),
                    target.resolve(path), Quantities.format(duration), describe());
            LoadGenerator generator = new LoadGenerator(second -> System.out.printf(
                    "  %3d s  %7d req/s  p50 %8.2f ms  p99 %8.2f ms%n", second.second(), second.completed(),
                    second.p50Millis(), second.p99Millis()));
            try (CtrlC ctrlC = new CtrlC("lab-load-stop", generator::stop)) {
                print(generator.run(target, model(duration), warmup, i -> path));
            }
        } catch (IllegalArgumentException invalid) {
            throw new LabException(invalid.getMessage());
        }
    }

    private LoadModel model(Duration length) {
        return model.rate != null
                ? new LoadModel.Open(model.rate, length, connections, 10 * connections)
                : new LoadModel.Closed(model.users, think, length);
    }

    private String describe() {
        return model.rate != null ? "open model, %.0f requests/s, at most %d connections".formatted(model.rate, connections)
                : "closed model, %d users, think %s".formatted(model.users, Quantities.format(think));
    }

    private static void print(LoadResult result) {
        System.out.printf("%n| requests | throughput/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | late | dropped |%n");
        System.out.printf("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|%n");
        System.out.printf("| %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %d | %d |%n", result.completed(),
                result.throughput(), LoadResult.millis(result.corrected(), 50), LoadResult.millis(result.corrected(), 90),
                LoadResult.millis(result.corrected(), 99), LoadResult.millis(result.corrected(), 99.9),
                result.corrected().getTotalCount() == 0 ? 0 : result.corrected().getMaxValue() / 1e6,
                result.errors().isEmpty() ? "none" : result.errors(), result.late(), result.dropped());
        System.out.printf("Latency from the intended send time (coordinated omission corrected); from the actual send: "
                + "p50 %.2f ms, p99 %.2f ms.%n", LoadResult.millis(result.uncorrected(), 50),
                LoadResult.millis(result.uncorrected(), 99));
    }

}
