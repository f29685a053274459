package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.concurrencylab.launcher.JvmLauncher;
import dev.concurrencylab.launcher.Sizing;
import dev.concurrencylab.launcher.Service;

/**
 * Makes the apps start fast: each runnable jar is extracted once ({@code java -Djarmode=tools
 * extract}, so classes load from plain jars) and given a JVM AOT cache from a training run that
 * stops right after the context refreshes ({@code -XX:AOTCacheOutput},
 * {@code spring.context.exit=onRefresh}). Measured on two cores: a replica's start costs about half
 * the CPU, which is what decides how fast a dozen JVMs become ready together. Done once per built
 * jar, kept in {@code .lab/apps/}, redone when the jar changes. The JVM AOT cache, unlike Spring
 * AOT, honours {@code spring.threads.virtual.enabled} at run time, so mvc and virtual share one.
 * If a step fails, that app runs from its fat jar instead.
 */
public final class AppImages {

    private static final long TRAINING_TIMEOUT_SECONDS = 180;

    private final LabSettings settings;
    private final PrintStream out;

    public AppImages(LabSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Prepares every app not prepared for its current jar yet, in parallel, saying so. */
    public void prepare(Collection<Service> services) {
        Map<Path, Sizing> jars = new LinkedHashMap<>();
        for (Service service : services) {
            Path jar = service.jar(settings.projectDir());
            if (Files.isRegularFile(jar) && !isPrepared(jar, service.sizing())) {
                jars.put(jar, service.sizing());
            }
        }
        if (jars.isEmpty()) {
            return;
        }
        out.printf("Preparing %d app(s) for fast start (once per build: extract + JVM AOT cache training) ...%n", jars.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> trainings = new ArrayList<>();
            jars.forEach((jar, sizing) -> trainings.add(executor.submit(() -> prepare(jar, sizing))));
            for (Future<?> training : trainings) {
                training.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while preparing apps");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** What follows the JVM options to run this jar: the prepared image if there is one, else the fat jar. */
    public List<String> launch(Path jar, Sizing sizing) {
        Path dir = imageDir(jar);
        if (isPrepared(jar, sizing)) {
            return List.of("-XX:AOTCache=" + dir.resolve("app.aot"), "-jar", dir.resolve(jar.getFileName()).toString());
        }
        return List.of("-jar", jar.toString());
    }

    private void prepare(Path jar, Sizing sizing) {
        Path dir = imageDir(jar);
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            Path log = dir.resolveSibling(dir.getFileName() + ".prepare.log");
            Files.deleteIfExists(log);
            run(List.of(JvmLauncher.currentJava(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", dir.toString()), log);
            List<String> training = new ArrayList<>(List.of(JvmLauncher.currentJava()));
            training.addAll(settings.jvmFlags().options(sizing));
            training.addAll(List.of("-XX:AOTCacheOutput=" + dir.resolve("app.aot"), "-Dspring.context.exit=onRefresh",
                    "-jar", dir.resolve(jar.getFileName()).toString(), "--server.port=0", "--management.server.port=0",
                    "--server.address=127.0.0.1", "--management.server.address=127.0.0.1", "--lab.instance-id=training"));
            run(training, log);
            if (Files.isRegularFile(dir.resolve("app.aot"))) {
                Files.writeString(dir.resolve("source"), fingerprint(jar, sizing));
                out.printf("  prepared %s%n", jar.getFileName());
            } else {
                out.printf("  could not prepare %s (see %s); it starts from its fat jar%n", jar.getFileName(), log);
            }
        } catch (IOException e) {
            out.printf("  could not prepare %s (%s); it starts from its fat jar%n", jar.getFileName(), e.getMessage());
        }
    }

    private boolean isPrepared(Path jar, Sizing sizing) {
        Path dir = imageDir(jar);
        try {
            return Files.isRegularFile(dir.resolve("app.aot"))
                    && Files.readString(dir.resolve("source")).equals(fingerprint(jar, sizing));
        } catch (IOException notYet) {
            return false;
        }
    }

    private Path imageDir(Path jar) {
        return settings.labDir().resolve("apps").resolve(jar.getFileName().toString().replace(".jar", ""));
    }

    /** The jar's size and modification time (and the JVM flags: the cache is only valid for compatible ones). */
    private String fingerprint(Path jar, Sizing sizing) throws IOException {
        return Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis() + ":" + settings.jvmFlags().read(sizing);
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new IOException("exit " + process.exitValue() + ": see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
