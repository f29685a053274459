package dev.concurrencylab.launcher;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A lab app just started: its process and where it listens.
 *
 * @param name the replica's name
 * @param process the JVM, or the shell waiting for it when the launcher records exit status
 * @param pid the JVM's process id
 * @param port traffic port on 127.0.0.1
 * @param managementPort actuator port on 127.0.0.1
 * @param startedAt when it was launched
 * @param log its log file (standard output and error)
 * @param exitStatus where its exit status is written when it ends; {@code null} when not recorded
 */
public record StartedJvm(String name, Process process, long pid, int port, int managementPort, Instant startedAt, Path log,
        Path exitStatus) {
}
