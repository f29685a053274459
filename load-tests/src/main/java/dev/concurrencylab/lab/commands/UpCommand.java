package dev.concurrencylab.lab.commands;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.dashboard.DashboardProcess;
import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.Topology;
import dev.concurrencylab.lab.topology.UpRequest;
import dev.concurrencylab.launcher.Service;

/** {@code ./lab up}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Starts downstream, replicas of every variant and the gateway as local JVM processes on "
            + "127.0.0.1, all at once, waits until each is ready, and prints where to reach them.",
        footer = {"", "Examples:", "  ./lab up", "  ./lab up --replicas mvc=1,virtual=1,webflux=4 --downstream-latency 100ms",
            "  ./lab up --gateway-port 0        (any free port)",
            "  ./lab up --cache off             (the gateway passes every request to the replicas)"})
public final class UpCommand implements Runnable {

    private static final Duration MAX_DOWNSTREAM_LATENCY = Duration.ofSeconds(10);

    @ParentCommand
    private Lab lab;

    @Option(names = "--replicas", defaultValue = "mvc=2,virtual=2,webflux=2", paramLabel = "VARIANT=N,...",
            description = "Replicas per variant, 0..16 each (default: ${DEFAULT-VALUE}). Variants not named get none.")
    private String replicas;

    @Option(names = "--downstream-pool", paramLabel = "N", description = "Each replica's pool of connections to downstream, "
            + "1..10000 (default: the services' own, 1000). Smaller than the concurrency, requests wait for a connection "
            + "and, after 5 s, get 503 downstream-pool-exhausted: the pool-smaller-than-concurrency lesson.")
    private Integer downstreamPool;

    @Option(names = "--downstream-latency", defaultValue = "50ms",
            description = "I/O wait the services ask downstream for, per product or recommendation (default: ${DEFAULT-VALUE}).")
    private Duration downstreamLatency;

    @Option(names = "--cache", defaultValue = "on", paramLabel = "on|off",
            description = "The gateway's cache layer (default: ${DEFAULT-VALUE}); off to measure the replicas alone.")
    private CacheSetting cache;

    @Option(names = "--gateway-port", defaultValue = "8080",
            description = "The gateway's port; 0 for any free port (default: ${DEFAULT-VALUE}).")
    private int gatewayPort;

    @Option(names = "--dashboard-port", defaultValue = "0", description = "Loopback port of the live dashboard, which "
            + "./lab down stops; 0 takes any free one (default: ${DEFAULT-VALUE}).")
    private int dashboardPort;

    @Option(names = "--no-dashboard", description = "Start no live dashboard (./lab dashboard serves one later).")
    private boolean noDashboard;

    @Override
    public void run() {
        if (dashboardPort < 0 || dashboardPort > 65535) {
            throw new LabException("--dashboard-port must be within 0..65535, was " + dashboardPort);
        }
        Map<Service, Integer> counts = new EnumMap<>(Service.class);
        Map<Service, Integer> asked = new ReplicaCounts().convert(replicas);
        Service.variants().forEach(service -> counts.put(service, asked.getOrDefault(service, 0)));
        if (downstreamLatency.compareTo(MAX_DOWNSTREAM_LATENCY) > 0) {
            throw new LabException("--downstream-latency must be within 0ms..10s (what the services accept), was "
                    + Quantities.format(downstreamLatency));
        }
        Topology.UpResult result = lab.topology().up(
                new UpRequest(counts, Quantities.format(downstreamLatency), gatewayPort, cache.on(), downstreamPool));

        System.out.println();
        Table table = new Table("NAME", "PID", "PORT", "MGMT PORT", "READY AFTER");
        for (LabProcess process : result.state().processes()) {
            table.row(process.name(), process.pid(), process.port(), process.managementPort(),
                    "%.1f s".formatted(result.readiness().get(process.name()).toMillis() / 1000.0));
        }
        table.print(System.out);
        LabProcess gateway = result.state().only(Service.GATEWAY).orElseThrow();
        System.out.printf("%nThe lab is up: %d processes ready in %.1f s; the gateway's cache is %s.%n",
                result.state().processes().size(), result.total().toMillis() / 1000.0, cache);
        System.out.println("Try:");
        for (Service service : Service.variants()) {
            if (!result.state().replicasOf(service).isEmpty()) {
                System.out.printf("  curl %s/%s/whoami%n", gateway.url(), service.variant().orElseThrow());
            }
        }
        System.out.printf("  curl -i %s/webflux/products/42     (twice: X-Cache MISS, then HIT from the gateway's cache)%n",
                gateway.url());
        System.out.printf("  curl %s/actuator/prometheus     (the gateway's metrics)%n", gateway.managementUrl());
        System.out.printf("  prometheus --config.file=%s     (scrapes every process; follows ./lab scale)%n",
                lab.topology().prometheusConfiguration());
        System.out.println("  ./lab status    ./lab scale service-webflux=3    ./lab down");
        if (!noDashboard) {
            try {
                DashboardProcess.Running dashboard = new DashboardProcess(lab.projectDir(), lab.labDir()).start(dashboardPort);
                System.out.printf("%nLive dashboard: %s   (every replica, each second; follows ./lab scale)%n", dashboard.url());
            } catch (LabException notStarted) {
                System.out.printf("%nThe live dashboard did not start (%s); the lab runs without it.%n", notStarted.getMessage());
            }
        }
    }
}
