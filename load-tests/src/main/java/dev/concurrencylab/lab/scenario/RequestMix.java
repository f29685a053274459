package dev.concurrencylab.lab.scenario;

import java.util.SplittableRandom;
import java.util.function.IntFunction;

import dev.concurrencylab.lab.Quantities;

/**
 * The requests of a scenario as a pure function of the request's number: request {@code i} is the
 * same path for every variant and every run, so the variants are compared on identical traffic.
 * <p>
 * Written here rather than taken from a sampling library (commons-rng, for one) because those draw
 * from a stateful generator shared by the senders; deriving each draw from {@code i} keeps the
 * sequence the same whatever order concurrent senders ask in. Zipf keys come from a precomputed
 * cumulative table (at most {@link ScenarioFile#MAX_KEYS} doubles) searched by bisection.
 */
public final class RequestMix implements IntFunction<String> {

    private final String prefix;
    private final Scenario scenario;
    private final String workPath;
    private final String latency;
    private final double[] zipfCumulative;

    /** @param prefix the variant's route on the gateway, e.g. {@code /webflux} (empty for a replica itself) */
    public RequestMix(String prefix, Scenario scenario) {
        this.prefix = prefix;
        this.scenario = scenario;
        Scenario.RequestShape shape = scenario.request();
        this.latency = Quantities.format(shape.io());
        this.workPath = "/work?io=%s&cpu=%s&bytes=%d&io-mode=%s".formatted(latency, Quantities.format(shape.cpu()),
                shape.bytes(), shape.ioMode().wire())
                + (shape.cpuOn() == Scenario.CpuOn.REQUEST ? "" : "&cpu-on=" + shape.cpuOn().wire());
        this.zipfCumulative = scenario.keys().distribution() == Scenario.Distribution.ZIPF
                ? zipf(scenario.keys().space(), scenario.keys().skew()) : new double[0];
    }

    @Override
    public String apply(int i) {
        SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L + scenario.name().hashCode());
        Scenario.Mix mix = scenario.mix();
        int pick = random.nextInt(mix.total());
        if (pick < mix.work()) {
            return prefix + workPath;
        }
        int key = key(i, random);
        return pick < mix.work() + mix.products()
                ? prefix + "/products/" + key + "?latency=" + latency
                : prefix + "/users/" + key + "/recommendations?latency=" + latency;
    }

    private int key(int i, SplittableRandom random) {
        Scenario.Keys keys = scenario.keys();
        return switch (keys.distribution()) {
            case UNIFORM -> 1 + random.nextInt(keys.space());
            case UNIQUE -> i % keys.space() + 1;
            case ZIPF -> 1 + search(zipfCumulative, random.nextDouble());
        };
    }

    private static double[] zipf(int space, double skew) {
        double[] cumulative = new double[space];
        double sum = 0;
        for (int rank = 1; rank <= space; rank++) {
            sum += 1 / Math.pow(rank, skew);
            cumulative[rank - 1] = sum;
        }
        for (int k = 0; k < space; k++) {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    /** Index of the first cumulative probability at or above {@code u}. */
    private static int search(double[] cumulative, double u) {
        int low = 0;
        int high = cumulative.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < u) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }
}
