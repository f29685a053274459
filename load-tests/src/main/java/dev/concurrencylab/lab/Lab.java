package dev.concurrencylab.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.concurrencylab.lab.commands.BenchCommand;
import dev.concurrencylab.lab.commands.DashboardCommand;
import dev.concurrencylab.lab.commands.DemoCommand;
import dev.concurrencylab.lab.commands.DownCommand;
import dev.concurrencylab.lab.commands.DurationConverter;
import dev.concurrencylab.lab.commands.FreePortCommand;
import dev.concurrencylab.lab.commands.LaunchCommand;
import dev.concurrencylab.lab.commands.LoadCommand;
import dev.concurrencylab.lab.commands.PlanCommand;
import dev.concurrencylab.lab.commands.ReportCommand;
import dev.concurrencylab.lab.commands.ScaleCommand;
import dev.concurrencylab.lab.commands.StatusCommand;
import dev.concurrencylab.lab.commands.UpCommand;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabSettings;
import dev.concurrencylab.launcher.JvmFlags;
import dev.concurrencylab.lab.topology.Topology;

/** {@code ./lab}: the Concurrency Lab harness. */
@Command(name = "lab", mixinStandardHelpOptions = true, version = "Concurrency Lab 0.1.0",
        usageHelpAutoWidth = true,
        description = "Runs one demo service three ways (mvc: a platform thread per request; virtual: a virtual "
            + "thread per request; webflux: an event loop) as replicas behind a gateway, on this machine, as local "
            + "processes.",
        subcommands = {DemoCommand.class, UpCommand.class, StatusCommand.class, ScaleCommand.class, DownCommand.class,
            LoadCommand.class, BenchCommand.class, PlanCommand.class, DashboardCommand.class, ReportCommand.class,
            LaunchCommand.class, FreePortCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
            "  ./lab demo                                up, a 2-minute comparison with a report, down",
            "  ./lab up                                  two replicas of each variant, gateway on 8080",
            "  ./lab up --replicas mvc=1,webflux=3       only these",
            "  ./lab status                              readiness, memory, threads, in-flight per process",
            "  ./lab scale service-webflux=4             add or remove replicas while traffic flows",
            "  ./lab load --target http://127.0.0.1:8080 --path '/webflux/work?io=50ms' --rate 500",
            "                                            one measured run against any deployment",
            "  ./lab bench --scenario io-bound           the comparison: scenarios x variants, report with charts",
            "  ./lab plan --users 600 --io 2s            how many replicas of each variant, predicted (nothing started)",
            "  ./lab down                                stop everything ./lab up started"})
public final class Lab implements Runnable {

    @Option(names = "--lab-dir", defaultValue = ".lab", description = "State, logs and the gateway's replica list (default: ${DEFAULT-VALUE}).")
    private Path labDir;

    @Option(names = "--jvm-options", defaultValue = "${env:LAB_JVM_OPTIONS}",
            description = "Flags added for every JVM the lab starts (or set LAB_JVM_OPTIONS), after the lab's own from "
                    + "services/jvm/*.flags, the ones the images run with too; a later flag wins, e.g. -Xmx512m.")
    private String jvmOptions;

    @Option(names = "--project-dir", defaultValue = ".", hidden = true, description = "Repository root, where the built jars are.")
    private Path projectDir;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code; a {@link LabException} is printed as one clear line. */
    public static int run(String... args) {
        return new CommandLine(new Lab())
                .registerConverter(Duration.class, new DurationConverter())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
                    if (failure instanceof LabException lab) {
                        commandLine.getErr().println("lab: " + lab.getMessage());
                        return 1;
                    }
                    throw failure;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The repository root, where the built jars and the scenarios are. */
    public Path projectDir() {
        return projectDir.toAbsolutePath().normalize();
    }

    /** Where the lab keeps its state, logs and calibration ({@code .lab/} by default). */
    public Path labDir() {
        return projectDir().resolve(labDir).normalize();
    }

    public Topology topology() {
        return new Topology(new LabSettings(projectDir(), labDir(), jvmFlags()), System.out);
    }

    /** The flags of every JVM the lab starts: services/jvm, then what --jvm-options adds. */
    public JvmFlags jvmFlags() {
        List<String> added = jvmOptions == null || jvmOptions.isBlank()
                ? List.of()
                : Arrays.stream(jvmOptions.trim().split("\\s+")).toList();
        return JvmFlags.of(projectDir()).adding(added);
    }
}
