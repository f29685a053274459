package dev.concurrencylab.lab.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.bench.LiveRunFile;
import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.calibrate.Calibration;
import dev.concurrencylab.lab.calibrate.CalibrationFile;
import dev.concurrencylab.lab.calibrate.Calibrator;
import dev.concurrencylab.lab.calibrate.Machine;
import dev.concurrencylab.lab.plan.CapacityModel;
import dev.concurrencylab.lab.plan.Costs;
import dev.concurrencylab.lab.plan.PlanWorkload;
import dev.concurrencylab.lab.plan.PlanReport;
import dev.concurrencylab.lab.plan.PlanScenario;
import dev.concurrencylab.lab.plan.Planner;
import dev.concurrencylab.lab.scenario.Scenario;
import dev.concurrencylab.lab.scenario.ScenarioFile;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.Topology;
import dev.concurrencylab.lab.topology.UpRequest;
import dev.concurrencylab.launcher.Service;

/** {@code ./lab plan}: predicts, per variant and with or without the cache, the replicas a workload needs. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Predicts, without starting anything, how many replicas of each variant (mvc, virtual, webflux) a "
            + "workload needs at the target p99, with and without the gateway's cache: the bound that limits each "
            + "(threads ÷ latency, CPU, the downstream pool, memory, the gateway's CPU) in numbers, the expected hit "
            + "ratio, and the throughput, p50/p99 and CPU at that size. The model: load-tests/README.md.",
        footer = {"", "Examples:", "  ./lab plan --users 600 --io 2s",
            "  ./lab plan --rate 2000 --io 50ms --cpu 2ms --target-p99 200ms",
            "  ./lab plan --scenario cache-friendly --replica-cpus 1",
            "  ./lab up && ./lab plan --calibrate        measure this machine's costs (about 2 min), used from then on",
            "  ./lab plan --users 200 --io 100ms --verify --variants webflux   predict, then measure on the local lab",
            "  ./lab plan --users 5000 --io 500ms --io-mode downstream --cacheable 0.3 --keys 10000 --distribution zipf"})
public final class PlanCommand implements Runnable {

    /** How long the services' product pages are fresh ({@code lab.products.max-age}). */
    private static final Duration PRODUCTS_MAX_AGE = Duration.ofSeconds(60);

    @ParentCommand
    private Lab lab;

    @Option(names = "--scenario", paramLabel = "NAME|FILE", description = "Take the workload from a scenario file; the "
            + "options below override its fields.")
    private String scenario;

    @ArgGroup(exclusive = true)
    private Load load;

    static final class Load {
        @Option(names = "--users", description = "Simultaneous users, 1..100000 (closed model).")
        Integer users;

        @Option(names = "--rate", description = "Requests per second in total, 1..1000000 (open model).")
        Double rate;
    }

    @Option(names = "--rate-per-user", description = "With --users: requests per second each user sends (instead of "
            + "one after the other), 0.001..1000.")
    private Double ratePerUser;

    @Option(names = "--think", description = "Each user's pause between requests (default: 0ms, or the scenario's).")
    private Duration think;

    @Option(names = "--io", description = "I/O wait per request, 0ms..60s (default: 0ms, or the scenario's).")
    private Duration io;

    @Option(names = "--io-mode", description = "How the I/O is waited: ${COMPLETION-CANDIDATES} (block: blocking the "
            + "request's thread, on webflux an event loop; downstream: through each replica's connection pool; default: sleep, or the scenario's).")
    private Scenario.IoMode ioMode;

    @Option(names = "--cpu", description = "CPU per request, 0ms..2s (default: 0ms, or the scenario's).")
    private Duration cpu;

    @Option(names = "--bytes", description = "Payload per answer, 0..1048576 bytes, e.g. 4KB (default: 0, or the scenario's).")
    private String bytes;

    @Option(names = "--cacheable", description = "Share of requests a shared cache may answer, 0..1 (default: 0, or the "
            + "scenario's product share).")
    private Double cacheable;

    @Option(names = "--unique", description = "Share of the cacheable requests that name a new key each time, 0..1 (default: 0).")
    private Double unique;

    @Option(names = "--keys", description = "Distinct keys the cacheable requests name, 1..100000 (default: 100000, or the scenario's).")
    private Integer keys;

    @Option(names = "--distribution", description = "How keys are drawn: ${COMPLETION-CANDIDATES} (default: uniform, or the scenario's).")
    private Scenario.Distribution distribution;

    @Option(names = "--skew", description = "Zipf exponent, 0.1..5 (default: 1.0, or the scenario's).")
    private Double skew;

    @Option(names = "--freshness", defaultValue = "60s", description = "How long a cached answer stays fresh, 1s..1d "
            + "(default: ${DEFAULT-VALUE}, the products' max-age).")
    private Duration freshness;

    @Option(names = "--target-p99", description = "The p99 latency to meet, 1ms..10m (default: none: the whole load served).")
    private Duration targetP99;

    @Option(names = "--downstream-pool", paramLabel = "N", description = "Each replica's pool of connections to downstream, "
            + "1..10000 (default: the scenario's downstream-pool, else the services' 1000).")
    private Integer downstreamPool;

    @Option(names = "--replica-cpus", defaultValue = "0.5", description = "Cores of each replica, 0.1..64 (default: "
            + "${DEFAULT-VALUE}, as docker-compose.yml limits them).")
    private double replicaCpus;

    @Option(names = "--calibrate", description = "Measure, on the lab ./lab up started, each variant's and the gateway's CPU "
            + "per request (per endpoint) and each variant's memory per request in flight (under 2 min), and keep them "
            + "with this machine's description in .lab/calibration.json; plans use them from then on. With a workload, "
            + "plans it with them.")
    private boolean calibrate;

    @Option(names = "--verify", description = "Then measure it on the lab ./lab up started: scale each variant to its "
            + "predicted size, bench this workload, and print predicted against measured (throughput, p50, p99, hit ratio, "
            + "CPU), ending with the line 'plan error: worst <n>% (throughput), <m>% (p99)'. The report gets a plan vs "
            + "measured section; the lab's replicas are put back afterwards.")
    private boolean verify;

    @Option(names = "--variants", defaultValue = "mvc,virtual,webflux", split = ",", paramLabel = "VARIANT",
            converter = VariantConverter.class, description = "With --verify: the variants to measure (default: ${DEFAULT-VALUE}).")
    private List<Service> variants;

    @Option(names = "--cache", split = ",", paramLabel = "on|off", description = "With --verify: the cache settings to "
            + "measure, e.g. on,off (default: as the lab is up).")
    private List<CacheSetting> cache = new ArrayList<>();

    @Option(names = "--duration", defaultValue = "20s", description = "With --verify: measured time of each run, 1s..10m "
            + "(default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", description = "With --verify: warm-up of each run, 0s..5m (default: "
            + "${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--warm-all", defaultValue = "15s", description = "With --verify: traffic to every variant at once "
            + "before the first run, 0s..5m (default: ${DEFAULT-VALUE}).")
    private Duration warmAll;

    @Option(names = "--report-dir", defaultValue = "lab-report", description = "With --verify: where the report goes "
            + "(default: ${DEFAULT-VALUE}).")
    private Path reportDir;

    @Override
    public void run() {
        if (replicaCpus < 0.1 || replicaCpus > 64) {
            throw new LabException("--replica-cpus must be within 0.1..64, was " + replicaCpus);
        }
        within("--target-p99", targetP99, Duration.ofMillis(1), Duration.ofMinutes(10));
        CalibrationFile calibrationFile = new CalibrationFile(lab.labDir());
        if (calibrate && verify) {
            throw new LabException("--calibrate and --verify are two steps: ./lab plan --calibrate, then ./lab plan --verify ...");
        }
        if (calibrate) {
            PlanWorkload workload = hasWorkload() ? workload() : null;
            Calibration calibration = calibrate(calibrationFile);
            if (workload == null) {
                return;
            }
            System.out.println();
            plan(workload, calibration.costs());
            return;
        }
        PlanWorkload workload = workload();
        if (!verify) {
            plan(workload, costs(calibrationFile));
            return;
        }
        within("--duration", duration, Duration.ofSeconds(1), Duration.ofMinutes(10));
        within("--warmup", warmup, Duration.ZERO, Duration.ofMinutes(5));
        within("--warm-all", warmAll, Duration.ZERO, Duration.ofMinutes(5));
        if (!freshness.equals(PRODUCTS_MAX_AGE)) {
            throw new LabException("--verify measures the lab's products, fresh for %s; leave --freshness out"
                    .formatted(Quantities.format(PRODUCTS_MAX_AGE)));
        }
        if (downstreamPool() != UpRequest.SERVICES_DOWNSTREAM_POOL) {
            throw new LabException("--verify measures the lab with the services' pool to downstream (1000 per replica); "
                    + "plan a smaller pool without --verify, or bench its scenario");
        }
        Scenario verified;
        try {
            verified = PlanScenario.of(workload, duration, warmup);
        } catch (IllegalArgumentException unsupported) {
            throw new LabException(unsupported.getMessage());
        }
        Topology topology = lab.topology();
        LabState state = topology.current().orElseThrow(() -> new LabException(
                "--verify measures on the local lab, and it is not up: ./lab up, then ./lab plan --verify ..."));
        Costs costs = costs(calibrationFile);
        List<Planner.Answer> answers = plan(workload, costs);
        List<String> chosen = BenchCommand.variants(variants);
        List<Boolean> caches = cache.isEmpty() ? List.of(state.cacheOn()) : cache.stream().map(CacheSetting::on).toList();
        List<Planner.Answer> measured = answers.stream()
                .filter(answer -> chosen.contains(answer.prediction().variant()) && caches.contains(answer.prediction().cache()))
                .toList();
        System.out.println();
        new PlanVerification(topology, System.out, new LiveRunFile(lab.labDir())::write).verify(state, verified, measured, Duration.ofSeconds(3), warmAll, reportDir);
    }

    private Calibration calibrate(CalibrationFile file) {
        Topology topology = lab.topology();
        if (topology.current().isEmpty()) {
            throw new LabException("--calibrate measures the running lab, and it is not up: ./lab up, then ./lab plan --calibrate");
        }
        System.out.println("Calibrating on the running lab (about 2 min): CPU per request at two rates, memory per request in flight ...");
        Calibration calibration = new Calibrator(topology, System.out).calibrate(Costs.shipped());
        file.save(calibration);
        System.out.printf(Locale.ROOT, "Calibrated in %.0f s on %s; kept in %s, which ./lab plan uses from now on.%n",
                calibration.tookSeconds(), calibration.machine().describe(), shown(file.path()));
        return calibration;
    }

    /** The calibration in the lab directory when there is one, else the shipped defaults; a foreign machine's is said. */
    private Costs costs(CalibrationFile file) {
        Optional<Calibration> calibration = file.load();
        if (calibration.isEmpty()) {
            return Costs.shipped();
        }
        Machine here = Machine.thisOne();
        if (!calibration.get().machine().sameHardwareAs(here)) {
            System.out.printf("Note: %s was measured on another machine (%s; this one: %s). ./lab plan --calibrate measures this one.%n",
                    shown(file.path()), calibration.get().machine().describe(), here.describe());
        }
        return calibration.get().costs();
    }

    /** A path inside the repository as the user typed it from there, any other in full. */
    private Path shown(Path path) {
        return path.startsWith(lab.projectDir()) ? lab.projectDir().relativize(path) : path;
    }

    private boolean hasWorkload() {
        return scenario != null || load != null;
    }

    private List<Planner.Answer> plan(PlanWorkload workload, Costs measured) {
        Costs costs = measured.withDownstreamPool(downstreamPool());
        CapacityModel model = new CapacityModel(costs, replicaCpus);
        List<Planner.Answer> answers = new Planner(model).plan(workload, targetP99);
        new PlanReport(System.out).print(workload, costs, replicaCpus, targetP99, answers, model);
        return answers;
    }

    /** The pool the plan divides by: --downstream-pool, the scenario's, else the deployment's own. */
    private int downstreamPool() {
        if (downstreamPool != null) {
            bounded("--downstream-pool", downstreamPool, 1, UpRequest.MAX_DOWNSTREAM_POOL);
            return downstreamPool;
        }
        Integer scenarioPool = scenario == null ? null
                : ScenarioFile.find(scenario, lab.projectDir().resolve(ScenarioFile.STANDARD_FOLDER)).downstreamPool();
        return scenarioPool != null ? scenarioPool : UpRequest.SERVICES_DOWNSTREAM_POOL;
    }

    private PlanWorkload workload() {
        Scenario base = scenario == null ? null
                : ScenarioFile.find(scenario, lab.projectDir().resolve(ScenarioFile.STANDARD_FOLDER));
        Integer users = load != null ? load.users : load == null && base != null ? base.load().users() : null;
        Double rate = load != null ? load.rate : base != null ? base.load().rate() : null;
        if (users == null && rate == null) {
            throw new LabException("give --users (simultaneous users) or --rate (requests per second), or a --scenario");
        }
        if (users != null) {
            bounded("--users", users, 1, 100_000);
        }
        if (rate != null) {
            bounded("--rate", rate, 1, 1_000_000);
        }
        if (ratePerUser != null) {
            if (users == null) {
                throw new LabException("--rate-per-user goes with --users");
            }
            bounded("--rate-per-user", ratePerUser, 0.001, 1000);
            rate = users * ratePerUser;
            users = null;
        }
        Duration thinkTime = or(think, base == null ? Duration.ZERO : base.load().think());
        Duration ioWait = or(io, base == null ? Duration.ZERO : base.request().io());
        Duration cpuTime = or(cpu, base == null ? Duration.ZERO : base.request().cpu());
        within("--think", thinkTime, Duration.ZERO, Duration.ofMinutes(10));
        within("--io", ioWait, Duration.ZERO, Duration.ofSeconds(60));
        within("--cpu", cpuTime, Duration.ZERO, Duration.ofSeconds(2));
        within("--freshness", freshness, Duration.ofSeconds(1), Duration.ofDays(1));
        long payload = bytes == null ? (base == null ? 0 : base.request().bytes()) : Quantities.bytes(bytes)
                .orElseThrow(() -> new LabException("--bytes must be a size such as 512, 4KB or 1MB, was '" + bytes + "'"));
        bounded("--bytes", payload, 0, 1024 * 1024);
        double cacheableShare = cacheable != null ? cacheable : base == null ? 0 : base.mix().cacheableShare();
        bounded("--cacheable", cacheableShare, 0, 1);
        double uniqueShare = unique == null ? 0 : unique;
        bounded("--unique", uniqueShare, 0, 1);
        int keySpace = keys != null ? keys : base == null ? ScenarioFile.MAX_KEYS : base.keys().space();
        bounded("--keys", keySpace, 1, ScenarioFile.MAX_KEYS);
        double zipfSkew = skew != null ? skew : base == null ? 1.0 : base.keys().skew();
        bounded("--skew", zipfSkew, 0.1, 5);
        return new PlanWorkload(users, rate, thinkTime, ioWait,
                ioMode != null ? ioMode : base == null ? Scenario.IoMode.SLEEP : base.request().ioMode(),
                cpuTime, payload, cacheableShare, uniqueShare, keySpace,
                distribution != null ? distribution : base == null ? Scenario.Distribution.UNIFORM : base.keys().distribution(),
                zipfSkew, freshness);
    }

    private static Duration or(Duration given, Duration fallback) {
        return given != null ? given : fallback;
    }

    private static void bounded(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new LabException("%s must be within %s..%s, was %s".formatted(option, number(min), number(max), number(value)));
        }
    }

    private static void within(String option, Duration value, Duration min, Duration max) {
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            throw new LabException("%s must be within %s..%s, was %s".formatted(option, Quantities.format(min),
                    Quantities.format(max), Quantities.format(value)));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
    }
}
