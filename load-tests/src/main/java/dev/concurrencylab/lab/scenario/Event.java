package dev.concurrencylab.lab.scenario;

import java.time.Duration;

import dev.concurrencylab.lab.Quantities;

/**
 * Something done to the deployment while a run measures it, {@code at} after the measured window
 * began: what scaling and a replica's failure do under load, not between runs.
 */
public sealed interface Event {

    /** When, from the start of the measured window. */
    Duration at();

    /** As the report and the progress lines show it, e.g. {@code kill service-webflux-1}. */
    String describe();

    /**
     * SIGKILL to one replica: no graceful stop, its connections reset, as a crash or an OOM kill would.
     * {@code service-webflux-2} is the variant's second running replica when the event comes, so the
     * name holds after the lab replaced replicas (their names then count on).
     */
    record Kill(Duration at, String replica) implements Event {

        @Override
        public String describe() {
            return "kill " + replica;
        }
    }

    /**
     * One replica (named as for {@link Kill}) answers every request {@code io} later, until the run
     * ends or another slow event with {@code 0s} ends it: a noisy neighbour or a failing disk.
     */
    record Slow(Duration at, String replica, Duration io) implements Event {

        @Override
        public String describe() {
            return "slow " + replica + " by " + Quantities.format(io);
        }
    }

    /** The variant scaled to {@code replicas}, as {@code ./lab scale} does. */
    record Scale(Duration at, String variant, int replicas) implements Event {

        @Override
        public String describe() {
            return "scale " + variant + "=" + replicas;
        }
    }
}
