package dev.concurrencylab.lab.commands;

import java.util.Locale;

/** {@code --cache on|off}: the gateway's cache layer, or every request passed to the replicas. */
public enum CacheSetting {
    ON, OFF;

    public boolean on() {
        return this == ON;
    }

    /** As it is typed: {@code on}, {@code off}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
