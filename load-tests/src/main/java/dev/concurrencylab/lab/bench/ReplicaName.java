package dev.concurrencylab.lab.bench;

/**
 * A replica as a scenario's events name it, {@code service-webflux-2}: variant {@code webflux},
 * its second running replica when the event comes (so the name holds after replicas were replaced).
 */
record ReplicaName(String variant, int ordinal) {

    /** @param name already checked by the scenario's reader against its replica pattern */
    static ReplicaName of(String name) {
        int dash = name.lastIndexOf('-');
        return new ReplicaName(name.substring("service-".length(), dash), Integer.parseInt(name.substring(dash + 1)));
    }
}
