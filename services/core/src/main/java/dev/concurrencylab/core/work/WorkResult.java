package dev.concurrencylab.core.work;

/** The body of a {@code /work} response: what was done, and the payload asked for. */
public record WorkResult(String io, String cpu, String cpuOn, int bytes, String ioMode, String payload) {
}
