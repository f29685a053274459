package dev.concurrencylab.lab.topology;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One process as {@code ./lab status} shows it.
 *
 * @param process what was started
 * @param alive whether the OS process still runs
 * @param ready whether its readiness probe answers 200
 * @param uptime since launch
 * @param rssBytes resident memory, from /proc
 * @param threads live JVM threads (platform)
 * @param virtualThreads live virtual threads
 * @param inFlight requests accepted and not yet answered
 */
public record ProcessStatus(LabProcess process, boolean alive, boolean ready, Duration uptime, OptionalLong rssBytes,
        OptionalDouble threads, OptionalDouble virtualThreads, OptionalDouble inFlight) {
}
