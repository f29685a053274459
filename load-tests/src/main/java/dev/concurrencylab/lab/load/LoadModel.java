package dev.concurrencylab.lab.load;

import java.time.Duration;

/**
 * How load is offered, the two ways capacity questions are asked.
 * <ul>
 * <li>{@link Open}: requests arrive at a constant rate whatever the server does (users on the
 * internet). Latency is measured from each request's <em>intended</em> send time, so a server that
 * stalls is charged for the requests that queued behind the stall (coordinated omission corrected,
 * as wrk2 does).</li>
 * <li>{@link Closed}: a fixed number of users, each sending, waiting for the answer, thinking, and
 * sending again (a connection pool, a batch job). Throughput follows the server.</li>
 * </ul>
 */
public sealed interface LoadModel {

    Duration duration();

    /**
     * @param ratePerSecond requests started per second
     * @param duration how long to offer load
     * @param connections connections at most; a request finding them all busy waits (and is late)
     * @param maxQueued requests allowed to wait for a connection; beyond that a send is dropped
     *     (counted, never hidden)
     */
    record Open(double ratePerSecond, Duration duration, int connections, int maxQueued) implements LoadModel {

        public Open {
            if (ratePerSecond <= 0 || ratePerSecond > 100_000) {
                throw new IllegalArgumentException("rate must be within (0, 100000] per second, was " + ratePerSecond);
            }
            if (connections < 1 || maxQueued < 0) {
                throw new IllegalArgumentException("connections must be at least 1 and max queued at least 0");
            }
        }
    }

    /**
     * @param users simultaneous users
     * @param thinkTime pause of each user between an answer and its next request
     * @param duration how long the users keep going
     */
    record Closed(int users, Duration thinkTime, Duration duration) implements LoadModel {

        public Closed {
            if (users < 1 || users > 100_000) {
                throw new IllegalArgumentException("users must be within 1..100000, was " + users);
            }
        }
    }
}
