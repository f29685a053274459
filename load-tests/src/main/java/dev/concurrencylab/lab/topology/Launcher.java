package dev.concurrencylab.lab.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.concurrencylab.launcher.AppLaunch;
import dev.concurrencylab.launcher.JvmLauncher;
import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.launcher.Service;

/**
 * Starts one lab app from its runnable jar (or its prepared image) with the shared
 * {@link JvmLauncher}, and records it as a {@link LabProcess}: the process outlives the CLI that
 * started it, and the state file remembers it.
 */
public final class Launcher {

    private final LabSettings settings;
    private final AppImages images;
    /** One launcher for every process this lab command starts: no port is given twice. */
    private final JvmLauncher jvms;

    public Launcher(LabSettings settings, AppImages images) {
        this.settings = settings;
        this.images = images;
        this.jvms = new JvmLauncher(JvmLauncher.currentJava(), settings.jvmFlags(), new Ports(), settings.projectDir())
                .recordingExitStatus();
    }

    public LabProcess start(String name, Service service, List<String> extraArguments) {
        return start(name, service, 0, extraArguments);
    }

    /** A free loopback port none of this launcher's processes has been given. */
    public int freePort() {
        return jvms.ports().free();
    }

    /** Keeps the gateway port a user chose from the processes started before the gateway. */
    public void reservePort(int port) {
        jvms.ports().reserve(port);
    }

    /** Starts on the given traffic port (the gateway's, which users type); 0 for a free one. */
    public LabProcess start(String name, Service service, int port, List<String> extraArguments) {
        Path jar = service.jar(settings.projectDir());
        if (!Files.isRegularFile(jar)) {
            throw new LabException("%s is not built (%s missing); run ./mvnw -q package -DskipTests".formatted(
                    service.serviceName(), settings.projectDir().relativize(jar)));
        }
        List<String> arguments = new ArrayList<>(service.arguments());
        arguments.addAll(extraArguments);
        AppLaunch launch = new AppLaunch(name, service.sizing(), images.launch(jar, service.sizing()), port, arguments,
                settings.logDir());
        return LabProcess.of(service, jvms.start(launch));
    }
}
