package dev.concurrencylab.core.downstream;

/** Downstream's answer to a plain wait: how long it waited. */
public record Delayed(String waited) {
}
