package dev.concurrencylab.lab.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.topology.AtomicJson;
import dev.concurrencylab.lab.topology.LabException;

/**
 * The live page as a process of its own beside the lab (./lab up starts it, ./lab down stops it):
 * the command that started the lab ends, the page stays. Recorded in {@code <lab dir>/dashboard.json}.
 */
public final class DashboardProcess {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /** @param pid the serving process; @param url where the page is */
    public record Running(long pid, String url) {
    }

    private final Path projectDir;
    private final Path labDir;
    private final JsonMapper json = JsonMapper.builder().build();

    public DashboardProcess(Path projectDir, Path labDir) {
        this.projectDir = projectDir;
        this.labDir = labDir;
    }

    /** Records the page the current process serves (./lab dashboard). */
    public void record(String url) {
        AtomicJson.write(json, file(), new Running(ProcessHandle.current().pid(), url));
    }

    public void forget() {
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page, if its process still serves it. */
    public Optional<Running> running() {
        if (!Files.exists(file())) {
            return Optional.empty();
        }
        Running running = json.readValue(file().toFile(), Running.class);
        return ProcessHandle.of(running.pid()).filter(ProcessHandle::isAlive).map(alive -> running);
    }

    /** Starts {@code ./lab dashboard --port <port>} in the background and waits until its page answers. */
    public Running start(int port) {
        Path log = labDir.resolve("logs/dashboard.log");
        forget();
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new LabException("cannot start the dashboard: " + e.getMessage());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LabException("the dashboard ended at once (exit %d): %s".formatted(process.exitValue(),
                        lastLine(log)));
            }
            Optional<Running> running = running();
            if (running.isPresent() && answers(http, running.get().url())) {
                return running.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new LabException("the dashboard did not answer within %d s; see %s".formatted(READY_TIMEOUT.toSeconds(), log));
    }

    /** Stops the page's process, if one runs. */
    public void stop() {
        running().flatMap(running -> ProcessHandle.of(running.pid())).ifPresent(process -> {
            process.destroy();
            process.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(late -> {
                process.destroyForcibly();
                return process;
            }).join();
        });
        forget();
    }

    /** This very lab, run again: the same Java, the same jar or class path. */
    private List<String> command(int port) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx64m"));
        String classPath = System.getProperty("java.class.path");
        // ./lab runs Spring Boot's executable jar, whose loader finds the lab's classes inside it;
        // elsewhere (an IDE, a test fork's manifest jar) the class path as it is names them
        if (Lab.class.getClassLoader().getClass().getName().startsWith("org.springframework.boot.loader")) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, Lab.class.getName()));
        }
        command.addAll(List.of("--project-dir", projectDir.toString(), "--lab-dir", labDir.toString(), "dashboard",
                "--port", String.valueOf(port)));
        return command;
    }

    private static boolean answers(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "no output (" + log + ")" : lines.getLast().strip().replaceFirst("^lab: ", "");
        } catch (IOException unreadable) {
            return "see " + log;
        }
    }

    private Path file() {
        return labDir.resolve("dashboard.json");
    }
}
