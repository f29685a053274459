package dev.concurrencylab.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.concurrencylab.launcher.AppLaunch;
import dev.concurrencylab.launcher.JvmFlags;
import dev.concurrencylab.launcher.JvmLauncher;
import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.launcher.Service;

/**
 * Downstream plus one live process of each variant, started once for the whole suite (JVMs are
 * expensive on two cores) and stopped when JUnit closes its root store. All start at once; the
 * services need downstream only when a request comes.
 */
final class ContractTopology implements AutoCloseable {

    /** Short, so the timeout contract (504) is checked in seconds; every other wait in the suite stays far below it. */
    static final Duration DOWNSTREAM_RESPONSE_TIMEOUT = Duration.ofSeconds(2);
    /** A tiny pool to downstream, so that exhausting it (503) takes two requests. */
    static final int DOWNSTREAM_CONNECTIONS = 2;
    static final Duration POOL_ACQUIRE_TIMEOUT = Duration.ofMillis(100);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Http http = new Http();
    /** One launcher for the suite's processes, so none is given another's port. */
    private final JvmLauncher launcher = new JvmLauncher(JvmLauncher.currentJava(),
            JvmFlags.of(Path.of(System.getProperty("lab.project.dir", "../.."))), new Ports(), Path.of("."));
    private final List<LabProcess> processes = new ArrayList<>();
    private final Map<Service, LabProcess> services = new EnumMap<>(Service.class);
    private LabProcess downstream;

    static ContractTopology start() {
        ContractTopology topology = new ContractTopology();
        try {
            topology.startAll();
            return topology;
        } catch (RuntimeException | Error failure) {
            topology.close();
            throw failure;
        }
    }

    private void startAll() {
        Path apps = Path.of(System.getProperty("lab.apps.dir", "target/apps"));
        if (!Files.isDirectory(apps)) {
            throw new IllegalStateException("no runnable jars in " + apps + "; run ./mvnw verify, which builds them first");
        }
        Path logs = Path.of(System.getProperty("lab.logs.dir", "target/process-logs"));
        downstream = LabProcess.start(launcher, launch(apps, Service.DOWNSTREAM, List.of(), logs));
        processes.add(downstream);
        for (Service variant : Service.variants()) {
            List<String> arguments = new ArrayList<>();
            arguments.add("--lab.downstream.url=" + downstream.uri(""));
            arguments.add("--lab.downstream.response-timeout=" + DOWNSTREAM_RESPONSE_TIMEOUT.toMillis() + "ms");
            arguments.add("--lab.downstream.max-connections=" + DOWNSTREAM_CONNECTIONS);
            arguments.add("--lab.downstream.pool-acquire-timeout=" + POOL_ACQUIRE_TIMEOUT.toMillis() + "ms");
            LabProcess service = LabProcess.start(launcher, launch(apps, variant, arguments, logs));
            processes.add(service);
            services.put(variant, service);
        }
        processes.forEach(process -> process.awaitReady(http, START_TIMEOUT));
    }

    /** The app as ./lab runs it (its jar, as copied to the apps folder, and its own arguments), named contract-<variant>. */
    private static AppLaunch launch(Path apps, Service service, List<String> extraArguments, Path logs) {
        List<String> arguments = new ArrayList<>(service.arguments());
        arguments.addAll(extraArguments);
        String name = "contract-" + service.variant().orElse(service.serviceName());
        return AppLaunch.jar(name, service.sizing(), apps.resolve(service.jar(apps).getFileName()), arguments, logs);
    }

    LabProcess downstream() {
        return downstream;
    }

    LabProcess service(Service variant) {
        return services.get(variant);
    }

    /** The flags every process of the suite was started with, read from services/jvm. */
    JvmFlags jvmFlags() {
        return launcher.flags();
    }

    Http http() {
        return http;
    }

    @Override
    public void close() {
        for (LabProcess process : processes) {
            try {
                process.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
