package dev.concurrencylab.lab.plan;

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

    private CacheModel() {
    }

    /** @param rate requests per second in total, cacheable or not */
    static double hitRatio(PlanWorkload workload, double rate) {
        double repeating = workload.cacheable() * (1 - workload.unique());
        if (repeating <= 0 || rate <= 0) {
            return 0;
        }
        double perFetchWindow = rate * repeating * workload.freshness().toNanos() / 1e9;
        int keys = workload.keySpace();
        return repeating * switch (workload.distribution()) {
            case UNIQUE -> 0;
            case UNIFORM -> keyHitRatio(perFetchWindow / keys);
            case ZIPF -> zipf(keys, workload.skew(), perFetchWindow);
        };
    }

    private static double zipf(int keys, double skew, double perFetchWindow) {
        double norm = 0;
        for (int rank = 1; rank <= keys; rank++) {
            norm += Math.pow(rank, -skew);
        }
        double hits = 0;
        for (int rank = 1; rank <= keys; rank++) {
            double p = Math.pow(rank, -skew) / norm;
            hits += p * keyHitRatio(perFetchWindow * p);
        }
        return hits;
    }

    /** λT ÷ (1 + λT): the hits among the requests one fetch serves. */
    private static double keyHitRatio(double requestsPerFreshness) {
        return requestsPerFreshness / (1 + requestsPerFreshness);
    }
}
