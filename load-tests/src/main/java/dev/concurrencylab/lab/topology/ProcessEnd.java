package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.concurrencylab.launcher.LogTail;

/**
 * How a lab process that no longer runs ended: the exit status its waiting shell wrote
 * ({@code JvmLauncher.recordingExitStatus}), read as a person says it, and its last log lines.
 *
 * @param exitStatus as the shell saw it ({@code 128 + n} for signal {@code n}); {@code null} when none was written
 * @param logTail the last lines of its log
 */
public record ProcessEnd(Integer exitStatus, String logTail) {

    /** Lines of the log a status or an error shows. */
    static final int LOG_LINES = 8;
    /** A shell reports a child ended by signal n as 128 + n. */
    private static final int SIGNALLED = 128;
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 6, "SIGABRT", 9, "SIGKILL",
            11, "SIGSEGV", 15, "SIGTERM");

    public static ProcessEnd of(LabProcess process) {
        return new ProcessEnd(status(process.exitStatusFile()), LogTail.of(Path.of(process.log()), LOG_LINES));
    }

    /** E.g. {@code killed by signal 9 (SIGKILL)}, {@code exited with code 1}. */
    public String describe() {
        if (exitStatus == null) {
            return "ended without an exit status on record (it may still be ending, or its shell was killed too)";
        }
        if (exitStatus > SIGNALLED) {
            int signal = exitStatus - SIGNALLED;
            String name = SIGNALS.get(signal);
            String how = "killed by signal %d%s".formatted(signal, name == null ? "" : " (" + name + ")");
            // the JVM exits with 143 itself after a SIGTERM: the lab's own graceful stop, or someone else's
            return signal == 15 ? how + ", a graceful stop" : how;
        }
        return "exited with code " + exitStatus;
    }

    private static Integer status(Path file) {
        try {
            return Files.isRegularFile(file) ? Integer.valueOf(Files.readString(file).strip()) : null;
        } catch (IOException | NumberFormatException unreadable) {
            return null;
        }
    }
}
