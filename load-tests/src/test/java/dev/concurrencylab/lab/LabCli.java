package dev.concurrencylab.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.ResultsFile;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.StateStore;

/**
 * The lab's CLI as the integration tests drive it: in this JVM, against the repository's jars, with
 * a lab folder of its own (state, logs) so a test never touches a lab a developer has running.
 */
final class LabCli {

    /** What a command printed on standard output and standard error (failed assertions show it). */
    record Output(int exit, String text) {
    }

    private final Path labDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    LabCli() {
        try {
            this.labDir = Files.createTempDirectory("lab-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path labDir() {
        return labDir;
    }

    int run(String... arguments) {
        List<String> all = new ArrayList<>(List.of("--project-dir", System.getProperty("lab.project.dir", "../"),
                "--lab-dir", labDir.toString()));
        all.addAll(List.of(arguments));
        return Lab.run(all.toArray(String[]::new));
    }

    /** Runs a command capturing what it prints; standard error goes to the same text, after standard output. */
    synchronized Output printing(String... arguments) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErrors = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErrors, true, StandardCharsets.UTF_8));
        try {
            int exit = run(arguments);
            System.out.flush();
            System.err.flush();
            return new Output(exit, captured.toString(StandardCharsets.UTF_8) + capturedErrors.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    LabState state() {
        return new StateStore(labDir).load().orElseThrow();
    }

    boolean isUp() {
        return Files.exists(labDir.resolve("state.json"));
    }

    /** The results of the one bench report in a folder. */
    static BenchResults onlyResultsIn(Path reports) {
        try (Stream<Path> folders = Files.list(reports)) {
            return ResultsFile.read(folders.findFirst().orElseThrow().resolve("results.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
