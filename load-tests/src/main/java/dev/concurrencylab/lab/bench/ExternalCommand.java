package dev.concurrencylab.lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.concurrencylab.lab.topology.LabException;

/**
 * A command-line tool the bench drives (the compose CLI, kubectl), run to completion: its standard
 * output returned, a failure turned into one message with what the tool said on standard error.
 * Output goes through files, so a talkative tool can never block on a full pipe.
 */
final class ExternalCommand {

    private ExternalCommand() {
    }

    /**
     * @param tool the tool's name as messages say it ("docker compose", "kubectl")
     * @param what what the command is for, as the message says it ("scale service-webflux")
     * @return what it printed on standard output
     */
    static String run(String tool, List<String> command, Duration timeout, String what) {
        Path output;
        Path errors;
        try {
            output = Files.createTempFile("lab-command", ".out");
            errors = Files.createTempFile("lab-command", ".err");
        } catch (IOException e) {
            throw new LabException("cannot make files for %s's output: %s".formatted(tool, e.getMessage()));
        }
        try {
            Process process = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LabException("%s did not %s within %d s".formatted(tool, what, timeout.toSeconds()));
            }
            if (process.exitValue() != 0) {
                // the last line is the tool's verdict (kubectl and compose log their retries before it)
                List<String> said = Files.readString(errors).strip().lines().toList();
                throw new LabException("%s could not %s (exit %d): %s".formatted(tool, what, process.exitValue(),
                        said.isEmpty() ? "no message" : said.getLast().strip()));
            }
            return Files.readString(output);
        } catch (IOException e) {
            throw new LabException("cannot run %s to %s: %s (is it installed?)".formatted(tool, what,
                    e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while %s was to %s".formatted(tool, what));
        } finally {
            try {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            } catch (IOException leftBehind) {
                // temporary files; the system's cleaner takes them
            }
        }
    }
}
