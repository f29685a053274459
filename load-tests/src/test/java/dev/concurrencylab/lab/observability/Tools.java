package dev.concurrencylab.lab.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** The machine's own tools (promtool, prometheus, chromium): found on the PATH, run to completion. */
public final class Tools {

    private Tools() {
    }

    public record Result(int exit, String output) {
    }

    /** Skips the test where the tool is not installed (CI installs it and checks the test ran). */
    public static void assumeInstalled(String tool) {
        Assumptions.assumeTrue(which(tool).isPresent(),
                tool + " is not installed (apt-get install prometheus chromium chromium-driver)");
    }

    /** The tool's executable on the PATH. */
    public static Optional<Path> which(String tool) {
        return List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream().filter(folder -> !folder.isBlank())
                .map(folder -> Path.of(folder, tool)).filter(Files::isExecutable).findFirst();
    }

    public static Result run(String... command) throws IOException, InterruptedException {
        assumeInstalled(command[0]);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }
}
