package dev.concurrencylab.lab.bench;

import java.net.URI;

/**
 * A process whose actuator the bench reads every second.
 *
 * @param name replica name, e.g. {@code service-mvc-1}
 * @param role {@code gateway}, {@code downstream} or the variant it runs
 * @param managementUrl its actuator's base, e.g. {@code http://127.0.0.1:8081}
 * @param pid local process id, for resident memory; {@code null} when remote
 */
public record ObservedProcess(String name, String role, URI managementUrl, Long pid) {
}
