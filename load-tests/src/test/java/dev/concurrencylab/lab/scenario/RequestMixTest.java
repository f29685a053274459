package dev.concurrencylab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The traffic of a scenario: identical for every variant, in the proportions and key skew the file asks for. */
class RequestMixTest {

    @Test
    void requestNumberIDecidesThePathWhateverOrderSendersAskIn() {
        Scenario scenario = scenario(new Scenario.Mix(1, 1, 1), new Scenario.Keys(1000, Scenario.Distribution.ZIPF, 1.1));
        RequestMix forward = new RequestMix("/mvc", scenario);
        RequestMix again = new RequestMix("/mvc", scenario);

        List<String> inOrder = IntStream.range(0, 500).mapToObj(forward).toList();
        List<String> reversed = IntStream.iterate(499, i -> i >= 0, i -> i - 1).mapToObj(again).toList().reversed();

        assertThat(reversed).isEqualTo(inOrder);
    }

    @Test
    void everyVariantGetsTheSameRequestsUnderItsOwnRoute() {
        Scenario scenario = scenario(new Scenario.Mix(2, 5, 3), new Scenario.Keys(100, Scenario.Distribution.UNIFORM, 1));

        for (int i = 0; i < 200; i++) {
            String mvc = new RequestMix("/mvc", scenario).apply(i);
            String webflux = new RequestMix("/webflux", scenario).apply(i);
            assertThat(webflux.substring("/webflux".length())).isEqualTo(mvc.substring("/mvc".length()));
        }
    }

    @Test
    void theMixFollowsItsWeightsAndTheRequestShape() {
        Scenario scenario = scenario(new Scenario.Mix(50, 30, 20), new Scenario.Keys(100, Scenario.Distribution.UNIFORM, 1));
        RequestMix mix = new RequestMix("", scenario);
        Map<String, Integer> kinds = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String path = mix.apply(i);
            String kind = path.startsWith("/work") ? "work" : path.startsWith("/products") ? "products" : "recommendations";
            kinds.merge(kind, 1, Integer::sum);
        }

        assertThat(kinds.get("work")).isBetween(4_700, 5_300);
        assertThat(kinds.get("products")).isBetween(2_700, 3_300);
        assertThat(kinds.get("recommendations")).isBetween(1_700, 2_300);
        assertThat(mix.apply(firstOf(mix, "/work"))).isEqualTo("/work?io=40ms&cpu=3ms&bytes=512&io-mode=downstream");
        assertThat(mix.apply(firstOf(mix, "/products"))).matches("/products/\\d+\\?latency=40ms");
        assertThat(mix.apply(firstOf(mix, "/users"))).matches("/users/\\d+/recommendations\\?latency=40ms");
    }

    @Test
    void zipfKeysAreHotAndUniformKeysAreNot() {
        Map<String, Integer> zipf = keyCounts(Scenario.Distribution.ZIPF);
        Map<String, Integer> uniform = keyCounts(Scenario.Distribution.UNIFORM);

        // zipf(1.0) over 1000 keys: the top key draws ~13% of requests; uniform: ~0.1% each
        assertThat(zipf.get("/products/1?latency=40ms")).isGreaterThan(1_000);
        assertThat(uniform.values().stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThan(40);
        assertThat(zipf).hasSizeLessThan(uniform.size());
    }

    @Test
    void uniqueKeysNeverRepeatWithinTheSpace() {
        Scenario scenario = scenario(new Scenario.Mix(0, 1, 0), new Scenario.Keys(100_000, Scenario.Distribution.UNIQUE, 1));
        Set<String> paths = new HashSet<>();
        IntStream.range(0, 100_000).mapToObj(new RequestMix("", scenario)).forEach(paths::add);

        assertThat(paths).hasSize(100_000);
    }

    private static Map<String, Integer> keyCounts(Scenario.Distribution distribution) {
        Scenario scenario = scenario(new Scenario.Mix(0, 1, 0), new Scenario.Keys(1000, distribution, 1.0));
        RequestMix mix = new RequestMix("", scenario);
        Map<String, Integer> counts = new HashMap<>();
        IntStream.range(0, 10_000).mapToObj(mix).forEach(path -> counts.merge(path, 1, Integer::sum));
        return counts;
    }

    private static int firstOf(RequestMix mix, String prefix) {
        return IntStream.range(0, 1000).filter(i -> mix.apply(i).startsWith(prefix)).findFirst().orElseThrow();
    }

    private static Scenario scenario(Scenario.Mix mix, Scenario.Keys keys) {
        return new Scenario("test", "test", new Scenario.Load(10, Duration.ZERO, null, 1), Duration.ofSeconds(1),
                Duration.ZERO, new Scenario.RequestShape(Duration.ofMillis(40), Scenario.IoMode.DOWNSTREAM, Duration.ofMillis(3), 512),
                mix, keys);
    }
}
