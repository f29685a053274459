package dev.concurrencylab.lab.plan;

import dev.concurrencylab.lab.scenario.Scenario;

/**
 * The share of requests the gateway's cache answers, from the workload alone. Each key's answer is
 * fresh for {@code freshness} after a miss fetched it; requests for a key arrive at random (Poisson)
 * at {@code rate × p(key)}, so a key serves on average {@code 1 + λT} requests per fetch, of which
 * {@code λT} are hits: its hit ratio is {@code λT ÷ (1 + λT)}. The whole: the cacheable, non-unique
 * share times the mean of that over the key distribution (uniform, or zipf with its skew: few hot
 * keys hit almost always, the long tail rarely). Limits: the cache is assumed large enough for
 * the keys that hit (64 MiB by default), and an answer is refetched only when it expires (no
 * revalidation counted as a hit).
 */
final class CacheModel {

    private final PlanWorkload workload;
    /** Zipf only: each key's share of the repeating requests, most popular first. */
    private final double[] zipfShares;

    CacheModel(PlanWorkload workload) {
        this.workload = workload;
        this.zipfShares = workload.distribution() == Scenario.Distribution.ZIPF
                ? zipf(workload.keySpace(), workload.skew()) : new double[0];
    }

    /** @param rate requests per second in total, cacheable or not */
    static double hitRatio(PlanWorkload workload, double rate) {
        return new CacheModel(workload).hitRatio(rate);
    }

    /**
     * The share the cache answers at this total rate: O(keys), the key shares computed once (a plan
     * asks for it at every step of its iteration, for every size it tries).
     */
    double hitRatio(double rate) {
        double repeating = workload.cacheable() * (1 - workload.unique());
        if (repeating <= 0 || rate <= 0) {
            return 0;
        }
        double perFetchWindow = rate * repeating * workload.freshness().toNanos() / 1e9;
        return repeating * switch (workload.distribution()) {
            case UNIQUE -> 0;
            case UNIFORM -> keyHitRatio(perFetchWindow / workload.keySpace());
            case ZIPF -> {
                double hits = 0;
                for (double share : zipfShares) {
                    hits += share * keyHitRatio(perFetchWindow * share);
                }
                yield hits;
            }
        };
    }

    private static double[] zipf(int keys, double skew) {
        double[] shares = new double[keys];
        double norm = 0;
        for (int rank = 1; rank <= keys; rank++) {
            shares[rank - 1] = Math.pow(rank, -skew);
            norm += shares[rank - 1];
        }
        for (int k = 0; k < keys; k++) {
            shares[k] /= norm;
        }
        return shares;
    }

    /** λT ÷ (1 + λT): the hits among the requests one fetch serves. */
    private static double keyHitRatio(double requestsPerFreshness) {
        return requestsPerFreshness / (1 + requestsPerFreshness);
    }
}
