package dev.concurrencylab.launcher;

/**
 * How an app's JVM is sized: every lab app runs with {@code services/jvm/common.flags} and the file
 * of its sizing. The gateway carries every variant's traffic and holds the response cache, so it
 * gets the larger heap; the service replicas and downstream share one sizing so that comparisons
 * between variants are fair.
 */
public enum Sizing {
    REPLICA("replica.flags"),
    GATEWAY("gateway.flags");

    private final String fileName;

    Sizing(String fileName) {
        this.fileName = fileName;
    }

    /** Its file in the flags directory, e.g. {@code replica.flags}. */
    public String fileName() {
        return fileName;
    }
}
