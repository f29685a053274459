package dev.concurrencylab.core.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of a lab service, under {@code lab.*}. The same keys on all variants and on
 * downstream; defaults are chosen so that a valid request never trips a limit it did not ask for.
 * ({@code lab.instance-id}, which names the replica, is lab-common's {@code ReplicaIdentity}.)
 *
 * @param downstream where the slow dependency is and how we talk to it
 * @param limits the bounds of every request parameter
 * @param products the product catalog and how its responses may be cached
 * @param users the user base and the per-user recommendations
 */
@ConfigurationProperties("lab")
public record LabProperties(
        @DefaultValue Downstream downstream,
        @DefaultValue Limits limits,
        @DefaultValue Products products,
        @DefaultValue Users users) {

    /**
     * The connection to downstream. Pool size and timeouts decide results as much as the
     * concurrency model does: a pool smaller than the load queues requests, and the lab must show
     * that, not hide it. Both HTTP clients (Apache HttpClient on mvc/virtual, Reactor Netty on
     * webflux) get exactly these values.
     *
     * @param url base URL of downstream
     * @param latency the I/O wait products and recommendations ask downstream for, unless the
     *     request names its own {@code latency}
     * @param connectTimeout time allowed to open a TCP connection
     * @param responseTimeout time allowed from sending a request to the response; above
     *     {@code lab.limits.max-io} so that a valid wait on a healthy downstream never times out.
     *     Exceeded: 504.
     * @param maxConnections connections kept to downstream at most; larger than Tomcat's 200
     *     platform threads so that, on mvc, the thread pool and not this pool is the limit
     * @param poolAcquireTimeout time a request may wait for a free pooled connection. Exceeded:
     *     503.
     */
    public record Downstream(
            @DefaultValue("http://localhost:8090") URI url,
            @DefaultValue("50ms") Duration latency,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("12s") Duration responseTimeout,
            @DefaultValue("1000") int maxConnections,
            @DefaultValue("5s") Duration poolAcquireTimeout) {

        public Downstream {
            requirePositive("lab.downstream.max-connections", maxConnections);
        }
    }

    /**
     * Bounds of request parameters; a request outside them gets 400 naming the parameter, its
     * value and the allowed range.
     *
     * @param maxIo longest I/O wait a request may ask for ({@code io}, {@code latency}, {@code delay})
     * @param maxCpu most CPU time a request may ask for ({@code cpu})
     * @param maxBytes largest payload a request may ask for ({@code bytes})
     */
    public record Limits(
            @DefaultValue("10s") Duration maxIo,
            @DefaultValue("2s") Duration maxCpu,
            @DefaultValue("1MB") DataSize maxBytes) {
    }

    /**
     * @param catalogSize products have ids 1..catalogSize; a well-formed id beyond it is 404
     * @param maxAge freshness a shared cache may give a product response
     *     ({@code Cache-Control: public, max-age=...})
     */
    public record Products(
            @DefaultValue("100000") int catalogSize,
            @DefaultValue("60s") Duration maxAge) {

        public Products {
            requirePositive("lab.products.catalog-size", catalogSize);
        }
    }

    /**
     * @param count users have ids 1..count; a well-formed id beyond it is 404
     * @param scoringCpu CPU time spent scoring one user's recommendations
     * @param recommendations how many products one recommendation response lists
     */
    public record Users(
            @DefaultValue("1000000") int count,
            @DefaultValue("5ms") Duration scoringCpu,
            @DefaultValue("10") int recommendations) {

        public Users {
            requirePositive("lab.users.count", count);
            requirePositive("lab.users.recommendations", recommendations);
        }
    }

    private static void requirePositive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, was " + value);
        }
    }
}
