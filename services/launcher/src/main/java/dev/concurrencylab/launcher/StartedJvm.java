package dev.concurrencylab.launcher;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A lab app just started: its process and where it listens.
 *
 * @param name the replica's name
 * @param process the JVM
 * @param port traffic port on 127.0.0.1
 * @param managementPort actuator port on 127.0.0.1
 * @param startedAt when it was launched
 * @param log its log file (standard output and error)
 */
public record StartedJvm(String name, Process process, int port, int managementPort, Instant startedAt, Path log) {
}
