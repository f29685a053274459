package dev.concurrencylab.lab.commands;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.plan.CapacityModel;
import dev.concurrencylab.lab.plan.Costs;
import dev.concurrencylab.lab.plan.PlanWorkload;
import dev.concurrencylab.lab.plan.PlanReport;
import dev.concurrencylab.lab.plan.Planner;
import dev.concurrencylab.lab.scenario.Scenario;
import dev.concurrencylab.lab.scenario.ScenarioFile;
import dev.concurrencylab.lab.topology.LabException;

/** {@code ./lab plan}: predicts, per variant and with or without the cache, the replicas a workload needs. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Predicts, without starting anything, how many replicas of each variant (mvc, virtual, webflux) a "
            + "workload needs at the target p99, with and without the gateway's cache: the bound that limits each "
            + "(threads ÷ latency, CPU, the downstream pool, memory, the gateway's CPU) in numbers, the expected hit "
            + "ratio, and the throughput, p50/p99 and CPU at that size. The model: load-tests/README.md.",
        footer = {"", "Examples:", "  ./lab plan --users 600 --io 2s",
            "  ./lab plan --rate 2000 --io 50ms --cpu 2ms --target-p99 200ms",
            "  ./lab plan --scenario cache-friendly --replica-cpus 1",
            "  ./lab plan --users 5000 --io 500ms --io-mode downstream --cacheable 0.3 --keys 10000 --distribution zipf"})
public final class PlanCommand implements Runnable {

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

    @Option(names = "--io-mode", description = "How the I/O is waited: ${COMPLETION-CANDIDATES} (downstream: through each "
            + "replica's connection pool; default: sleep, or the scenario's).")
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

    @Option(names = "--replica-cpus", defaultValue = "0.5", description = "Cores of each replica, 0.1..64 (default: "
            + "${DEFAULT-VALUE}, as docker-compose.yml limits them).")
    private double replicaCpus;

    @Override
    public void run() {
        PlanWorkload workload = workload();
        if (replicaCpus < 0.1 || replicaCpus > 64) {
            throw new LabException("--replica-cpus must be within 0.1..64, was " + replicaCpus);
        }
        within("--target-p99", targetP99, Duration.ofMillis(1), Duration.ofMinutes(10));
        Costs costs = Costs.shipped();
        CapacityModel model = new CapacityModel(costs, replicaCpus);
        List<Planner.Answer> answers = new Planner(model).plan(workload, targetP99);
        new PlanReport(System.out).print(workload, costs, replicaCpus, targetP99, answers, model);
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
                (ioMode != null ? ioMode : base == null ? Scenario.IoMode.SLEEP : base.request().ioMode()) == Scenario.IoMode.DOWNSTREAM,
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
