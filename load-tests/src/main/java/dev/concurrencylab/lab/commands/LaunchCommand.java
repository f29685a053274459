package dev.concurrencylab.lab.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.topology.Actuator;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.Readiness;
import dev.concurrencylab.launcher.AppLaunch;
import dev.concurrencylab.launcher.JvmLauncher;
import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.launcher.Service;
import dev.concurrencylab.launcher.StartedJvm;

/**
 * {@code ./lab launch}, for the benchmark scripts (gateway/bench/lib.sh): starts one lab app with
 * the same launcher as {@code ./lab up} and the contract tests (the flags of services/jvm, ports no
 * earlier launch of the script was given), in a session of its own, waits until it is ready and
 * prints {@code PORT MANAGEMENT_PORT PID}. The app keeps running after this command exits.
 */
@Command(name = "launch", hidden = true, mixinStandardHelpOptions = true,
        description = "Starts one lab app as ./lab does, in a session of its own, waits until it is ready and prints "
            + "'PORT MANAGEMENT_PORT PID' (for the benchmark scripts).")
public final class LaunchCommand implements Runnable {

    @ParentCommand
    private Lab lab;

    @Option(names = "--name", required = true, description = "The replica's name: its instance id and log file.")
    private String name;

    @Option(names = "--jar", required = true, description = "The runnable jar of one of the lab's apps; its sizing follows from it (gateway or replica).")
    private Path jar;

    @Option(names = "--port", defaultValue = "0", description = "The traffic port; 0 for a free one (default).")
    private int port;

    @Option(names = "--ports-record", required = true, description = "The file of ports handed out so far, shared by "
            + "every launch and free-port of one script.")
    private Path record;

    @Option(names = "--logs", required = true, description = "Where <name>.log goes.")
    private Path logs;

    @Option(names = "--ready-within", defaultValue = "120s", description = "How long it may take to be ready (default: ${DEFAULT-VALUE}).")
    private Duration readyWithin;

    @Parameters(paramLabel = "APP_ARGUMENT", description = "The app's own arguments, after --.")
    private List<String> arguments = new ArrayList<>();

    @Override
    public void run() {
        Service service = service();
        JvmLauncher launcher = new JvmLauncher(JvmLauncher.currentJava(), lab.jvmFlags(), Ports.recordedIn(record),
                lab.projectDir()).inOwnSessions();
        StartedJvm started;
        try {
            started = launcher.start(AppLaunch.jar(name, service.sizing(), jar.toAbsolutePath(), arguments, logs).onPort(port));
        } catch (IllegalArgumentException invalid) {
            throw new LabException(invalid.getMessage());
        }
        new Readiness(new Actuator(), readyWithin).await(List.of(LabProcess.of(service, started)), (ready, took) -> System.err.printf(
                "[launch] %s ready on 127.0.0.1:%d (management %d) after %.1f s%n", name, ready.port(), ready.managementPort(),
                took.toMillis() / 1000.0));
        System.out.printf("%d %d %d%n", started.port(), started.managementPort(), started.pid());
    }

    /** The lab app this jar is (its sizing, gateway or replica, follows from it). */
    private Service service() {
        return Arrays.stream(Service.values())
                .filter(service -> service.jar(lab.projectDir()).getFileName().equals(jar.getFileName()))
                .findFirst().orElseThrow(() -> new LabException("--jar %s is not one of the lab's apps: %s".formatted(jar,
                        Arrays.stream(Service.values()).map(service -> service.jar(lab.projectDir()).getFileName().toString())
                                .distinct().toList())));
    }
}
