package dev.concurrencylab.lab.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.bench.LiveRunFile;
import dev.concurrencylab.lab.dashboard.LiveDashboard;
import dev.concurrencylab.lab.bench.LocalTarget;
import dev.concurrencylab.lab.bench.Matrix;
import dev.concurrencylab.lab.scenario.Scenario;
import dev.concurrencylab.lab.scenario.ScenarioFile;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.Topology;
import dev.concurrencylab.lab.topology.UpRequest;
import dev.concurrencylab.launcher.Service;

/** {@code ./lab demo}: the README's main job — up, a short standard comparison, the report, down. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts the lab (downstream, replicas of every variant, the gateway), runs a short standard "
            + "comparison (io-bound: more users than MVC has threads; cache-friendly: hot product pages), writes the "
            + "report, prints the summary and the report's path, and stops everything it started. About 2.5 minutes.",
        footer = {"", "Examples:", "  ./lab demo", "  ./lab demo --scenario mixed --duration 20s"})
public final class DemoCommand implements Runnable {

    @ParentCommand
    private Lab lab;

    @Option(names = "--scenario", split = ",", defaultValue = "io-bound,cache-friendly", paramLabel = "NAME|FILE",
            description = "Scenarios to run (default: ${DEFAULT-VALUE}).")
    private List<String> scenarios;

    @Option(names = "--replicas", defaultValue = "2", description = "Replicas of each variant, 1..4 (default: ${DEFAULT-VALUE}).")
    private int replicas;

    @Option(names = "--duration", defaultValue = "10s", description = "Measured time per run (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "3s", description = "Warm-up per run (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--report-dir", defaultValue = "lab-report", description = "Where the report goes (default: ${DEFAULT-VALUE}).")
    private Path reportDir;

    @Option(names = "--warm-all", defaultValue = "15s",
            description = "Traffic to every variant at once before the first run, not measured (default: ${DEFAULT-VALUE}).")
    private Duration warmAll;

    @Override
    public void run() {
        if (replicas < 1 || replicas > 4) {
            throw new LabException("--replicas must be within 1..4, was " + replicas);
        }
        Path folder = lab.projectDir().resolve(ScenarioFile.STANDARD_FOLDER);
        List<Scenario> chosen = Overrides.apply(scenarios.stream().map(name -> ScenarioFile.find(name, folder)).toList(),
                duration, warmup);
        Topology topology = lab.topology();
        if (topology.current().isPresent()) {
            throw new LabException("a lab is already up; the demo starts its own: ./lab down first, or run "
                    + "./lab bench against the one that is up");
        }
        Map<Service, Integer> counts = new EnumMap<>(Service.class);
        Service.variants().forEach(service -> counts.put(service, replicas));
        System.out.printf("Demo: starting downstream, %d replicas of each variant and the gateway ...%n", replicas);
        topology.up(new UpRequest(counts, "50ms", 0, true, null));
        try (CtrlC waitForDown = new CtrlC("lab-demo-down", () -> { });
                LiveDashboard dashboard = LiveDashboard.start(lab.labDir(), 0)) {
            System.out.printf("Demo: live dashboard at %s while it runs%n", dashboard.url());
            try {
                new BenchExecution(System.out, new LiveRunFile(lab.labDir())::write).run(new LocalTarget(topology),
                        Matrix.of(chosen, BenchCommand.variants(Service.variants()), List.of(), List.of()),
                        Duration.ofSeconds(2), warmAll, reportDir);
            } finally {
                System.out.println("Demo: stopping the lab ...");
                topology.down();
                System.out.println("Demo: done; every process it started is stopped.");
            }
        }
    }
}
