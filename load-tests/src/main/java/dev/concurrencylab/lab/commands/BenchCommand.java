package dev.concurrencylab.lab.commands;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.bench.BenchTarget;
import dev.concurrencylab.lab.bench.ComposeTarget;
import dev.concurrencylab.lab.bench.LiveRun;
import dev.concurrencylab.lab.bench.KubernetesTarget;
import dev.concurrencylab.lab.bench.LiveRunFile;
import dev.concurrencylab.lab.bench.LocalTarget;
import dev.concurrencylab.lab.bench.Matrix;
import dev.concurrencylab.lab.bench.MatrixCell;
import dev.concurrencylab.lab.bench.ObservedProcess;
import dev.concurrencylab.lab.bench.RemoteTarget;
import dev.concurrencylab.lab.scenario.Scenario;
import dev.concurrencylab.lab.scenario.ScenarioFile;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.launcher.Service;

/** {@code ./lab bench}: the comparison — scenarios × variants (× replicas × cache), measured and reported. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs every scenario against every variant with the same traffic (optionally × replica counts × "
            + "cache on/off), reads every process's actuator each second, and writes lab-report/<timestamp>/ with "
            + "index.html (charts, opens offline), results.json and summary.md. Against the local lab (./lab up) by "
            + "default, or any deployment with --target."},
        footer = {"", "Examples:",
            "  ./lab bench                                          every scenario in load-tests/scenarios",
            "  ./lab bench --scenario io-bound --scenario mixed --duration 10s",
            "  ./lab bench --scenario io-bound --replicas 1,2,4     scales the local lab between runs",
            "  ./lab bench --scenario cache-friendly --cache on,off restarts the local gateway between runs",
            "  ./lab bench --target http://127.0.0.1:8080 --actuator gateway=http://127.0.0.1:8081",
            "  ./lab bench --target http://127.0.0.1:8080 --docker     a compose deployment: container CPU and memory"})
public final class BenchCommand implements Runnable {

    @ParentCommand
    private Lab lab;

    @Option(names = "--scenario", paramLabel = "NAME|FILE",
            description = "A scenario name in the scenarios folder or a .yaml file; repeatable (default: all of them).")
    private List<String> scenarios = new ArrayList<>();

    @Option(names = "--variants", defaultValue = "mvc,virtual,webflux", split = ",", paramLabel = "VARIANT",
            converter = VariantConverter.class, description = "Variants to compare (default: ${DEFAULT-VALUE}).")
    private List<Service> variants;

    @Option(names = "--target", description = "A running gateway, e.g. http://127.0.0.1:8080 (compose, a port-forwarded "
            + "cluster). Default: the local lab started by ./lab up.")
    private URI target;

    @Option(names = "--actuator", paramLabel = "NAME=URL",
            description = "With --target: an actuator to read every second, named gateway, service-<variant>-<n> or "
                + "downstream; repeatable.")
    private List<String> actuators = new ArrayList<>();

    @Option(names = "--docker", arity = "0..1", fallbackValue = "concurrency-lab", paramLabel = "PROJECT",
            description = "With --target: read every container's CPU and memory of this compose project from the Docker "
                + "API during the runs (default project: concurrency-lab, as docker-compose.yml names it).")
    private String dockerProject;

    @Option(names = "--kubernetes", arity = "0..1", fallbackValue = "concurrency-lab", paramLabel = "NAMESPACE",
            description = "With --target: the lab runs in this Kubernetes namespace (default: concurrency-lab, as "
                + "k8s/overlays name it); scenario events and --replicas are done there with kubectl.")
    private String kubernetesNamespace;

    @Option(names = "--replicas", split = ",", paramLabel = "N", description = "Local lab: replica counts to run each "
            + "variant at, e.g. 1,2,4 (default: as it is up).")
    private List<Integer> replicas = new ArrayList<>();

    @Option(names = "--cache", split = ",", paramLabel = "on|off", description = "Local lab: the gateway's cache "
            + "settings to compare, e.g. on,off (default: as it is up).")
    private List<CacheSetting> cache = new ArrayList<>();

    @Option(names = "--duration", description = "Measured time of every scenario, replacing the files' (e.g. 10s).")
    private Duration duration;

    @Option(names = "--warmup", description = "Warm-up of every scenario, replacing the files' (e.g. 3s).")
    private Duration warmup;

    @Option(names = "--pause", defaultValue = "3s", description = "Quiet time between runs (default: ${DEFAULT-VALUE}).")
    private Duration pause;

    @Option(names = "--warm-all", defaultValue = "15s", description = "Before the first run, traffic to every variant "
            + "at once, not measured, so JIT compilation is not charged to whichever runs first; 0s to skip "
            + "(default: ${DEFAULT-VALUE}).")
    private Duration warmAll;

    @Option(names = "--scenarios-dir", defaultValue = ScenarioFile.STANDARD_FOLDER,
            description = "Where scenario names are looked up (default: ${DEFAULT-VALUE}).")
    private Path scenariosDir;

    @Option(names = "--report-dir", defaultValue = "lab-report", description = "Where reports go (default: ${DEFAULT-VALUE}).")
    private Path reportDir;

    @Override
    public void run() {
        if (target == null && (!actuators.isEmpty() || dockerProject != null || kubernetesNamespace != null)) {
            throw new LabException("--actuator, --docker and --kubernetes go with --target; the local lab's processes are "
                    + "read anyway");
        }
        if (dockerProject != null && kubernetesNamespace != null) {
            throw new LabException("--docker and --kubernetes name two deployments; the bench measures one (--target)");
        }
        List<MatrixCell> cells = Matrix.of(scenarios(target == null, dockerProject != null || kubernetesNamespace != null),
                variants(variants), replicaCounts(replicas),
                cacheSettings(cache));
        if (target == null) {
            bench(new LocalTarget(lab.topology()), cells);
            return;
        }
        List<ObservedProcess> watched = observed(actuators);
        if (kubernetesNamespace != null) {
            bench(new KubernetesTarget(target, watched, kubernetesNamespace), cells);
            return;
        }
        if (dockerProject == null) {
            bench(new RemoteTarget(target, watched, Map::of), cells);
            return;
        }
        try (ComposeTarget compose = ComposeTarget.open(target, watched, dockerProject)) {
            bench(compose, cells);
        }
    }

    private void bench(BenchTarget benchTarget, List<MatrixCell> cells) {
        Consumer<LiveRun> live = benchTarget instanceof LocalTarget ? new LiveRunFile(lab.labDir())::write : run -> { };
        new BenchExecution(System.out, live).run(benchTarget, cells, pause, warmAll, reportDir);
    }

    /**
     * The scenarios named, or every one in the folder; where the bench cannot make what a scenario
     * needs (events anywhere but the local lab, compose and Kubernetes, a pool size anywhere but the local lab),
     * "every one" leaves it out and says so; named, it is refused with the reason before any load.
     */
    private List<Scenario> scenarios(boolean localLab, boolean changeable) {
        Path folder = lab.projectDir().resolve(scenariosDir);
        List<Scenario> chosen = scenarios.isEmpty() ? ScenarioFile.readAll(folder)
                : scenarios.stream().map(name -> ScenarioFile.find(name, folder)).toList();
        if (scenarios.isEmpty() && !localLab) {
            Predicate<Scenario> cannotRun = changeable ? Scenario::setsDownstreamPool : Scenario::needsLocalLab;
            List<String> leftOut = chosen.stream().filter(cannotRun).map(Scenario::name).toList();
            if (!leftOut.isEmpty()) {
                System.out.printf("Leaving out %s: %s.%n", String.join(", ", leftOut), changeable
                        ? "they resize the pool to downstream, which the bench does on the local lab only"
                        : "the bench changes the deployment in them, which it does on the local lab, on compose (--docker) "
                                + "and on Kubernetes (--kubernetes)");
                chosen = chosen.stream().filter(cannotRun.negate()).toList();
            }
        }
        if (chosen.isEmpty()) {
            throw new LabException("no scenario files (*.yaml) in " + folder);
        }
        return Overrides.apply(chosen, duration, warmup);
    }

    /** The variants' names, each once, in the order given. */
    static List<String> variants(List<Service> chosen) {
        return chosen.stream().map(variant -> variant.variant().orElseThrow()).distinct().toList();
    }

    private static List<Integer> replicaCounts(List<Integer> counts) {
        for (int count : counts) {
            if (count < 1 || count > 16) {
                throw new LabException("--replicas: counts must be within 1..16, was " + count);
            }
        }
        return counts.stream().distinct().toList();
    }

    private static List<Boolean> cacheSettings(List<CacheSetting> settings) {
        return settings.stream().map(CacheSetting::on).distinct().toList();
    }

    private static List<ObservedProcess> observed(List<String> actuators) {
        Map<String, ObservedProcess> processes = new LinkedHashMap<>();
        for (String actuator : actuators) {
            String[] parts = actuator.split("=", 2);
            URI url = parts.length == 2 ? URI.create(parts[1]) : null;
            if (url == null || url.getHost() == null || parts[0].isBlank()) {
                throw new LabException("--actuator must be NAME=URL, e.g. gateway=http://127.0.0.1:8081, was " + actuator);
            }
            processes.put(parts[0], new ObservedProcess(parts[0], role(parts[0]), url, null));
        }
        return List.copyOf(processes.values());
    }

    private static String role(String name) {
        return Arrays.stream(new String[] {"gateway", "downstream", "webflux", "virtual", "mvc"})
                .filter(name::contains).findFirst().orElse(name);
    }

}
