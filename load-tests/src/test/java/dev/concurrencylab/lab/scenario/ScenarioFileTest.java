package dev.concurrencylab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario files: the standard set reads, and a bad file names file, field and what is allowed. */
class ScenarioFileTest {

    private static final Path STANDARD = Path.of(System.getProperty("lab.project.dir", ".."), "load-tests", "scenarios");

    @TempDir
    Path folder;

    @Test
    void theStandardSetHasEveryScenarioTheLabPromises() {
        List<String> names = ScenarioFile.readAll(STANDARD).stream().map(Scenario::name).toList();

        assertThat(names).contains("io-bound", "cpu-bound", "mixed", "cache-friendly", "cache-hostile", "beyond-the-pool",
                "block-the-event-loop", "kill-a-replica", "pool-smaller-than-concurrency", "cpu-on-the-event-loop");
    }

    @Test
    void ioBoundHasMoreUsersThanMvcHasThreadsInTwoReplicas() {
        Scenario ioBound = ScenarioFile.find("io-bound", STANDARD);

        assertThat(ioBound.load().users()).isGreaterThan(2 * 200);
        assertThat(ioBound.request().io()).isPositive();
        assertThat(ioBound.mix().work()).isEqualTo(ioBound.mix().total());
    }

    @Test
    void aFileReadsIntoItsScenarioWithDefaultsForWhatItLeavesOut() throws IOException {
        Scenario scenario = ScenarioFile.read(write("hot.yaml", """
                description: hot products
                rate: 250
                duration: 15s
                request: {io: 40ms, bytes: 2KB}
                mix: {products: 3, recommendations: 1}
                keys: {space: 500, distribution: zipf, skew: 1.3}
                """));

        assertThat(scenario.name()).isEqualTo("hot");
        assertThat(scenario.load().closed()).isFalse();
        assertThat(scenario.load().rate()).isEqualTo(250.0);
        assertThat(scenario.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(scenario.request().io()).isEqualTo(Duration.ofMillis(40));
        assertThat(scenario.request().bytes()).isEqualTo(2048);
        assertThat(scenario.request().ioMode()).isEqualTo(Scenario.IoMode.SLEEP);
        assertThat(scenario.mix().cacheableShare()).isEqualTo(0.75);
        assertThat(scenario.keys()).isEqualTo(new Scenario.Keys(500, Scenario.Distribution.ZIPF, 1.3));
    }

    @Test
    void anUnknownDistributionNamesFileFieldAndAllowedValues() throws IOException {
        Path file = write("typo.yaml", "users: 10\nduration: 5s\nmix: {work: 1}\nkeys: {distribution: zipfian}\n");

        assertThatThrownBy(() -> ScenarioFile.read(file))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("field 'keys.distribution'")
                .hasMessageContaining("uniform, zipf, unique")
                .hasMessageContaining("zipfian");
    }

    @Test
    void anUnknownFieldIsAnErrorNotADefault() throws IOException {
        Path file = write("misspelt.yaml", "users: 10\nduraton: 5s\nmix: {work: 1}\n");

        assertThatThrownBy(() -> ScenarioFile.read(file))
                .hasMessageContaining("field 'duraton' is not a field here; allowed: description, users, rate");
    }

    @Test
    void usersAndRateAreExclusive() throws IOException {
        Path both = write("both.yaml", "users: 10\nrate: 100\nduration: 5s\nmix: {work: 1}\n");
        Path neither = write("neither.yaml", "duration: 5s\nmix: {work: 1}\n");

        assertThatThrownBy(() -> ScenarioFile.read(both)).hasMessageContaining("exactly one: users");
        assertThatThrownBy(() -> ScenarioFile.read(neither)).hasMessageContaining("exactly one: users");
    }

    @Test
    void everyNumberIsBounded() throws IOException {
        assertThatThrownBy(() -> ScenarioFile.read(write("a.yaml", "users: 0\nduration: 5s\nmix: {work: 1}\n")))
                .hasMessageContaining("field 'users' must be a whole number within 1..20000, was 0");
        assertThatThrownBy(() -> ScenarioFile.read(write("b.yaml", "users: 5\nduration: 5s\nrequest: {io: 11s}\nmix: {work: 1}\n")))
                .hasMessageContaining("field 'request.io'").hasMessageContaining("0ms..10s");
        assertThatThrownBy(() -> ScenarioFile.read(write("c.yaml", "users: 5\nduration: 5 seconds\nmix: {work: 1}\n")))
                .hasMessageContaining("field 'duration' must be a duration such as 250us, 500ms");
        assertThatThrownBy(() -> ScenarioFile.read(write("d.yaml", "users: 5\nduration: 5s\nmix: {work: 1}\nkeys: {space: 100001}\n")))
                .hasMessageContaining("field 'keys.space'").hasMessageContaining("1..100000");
        assertThatThrownBy(() -> ScenarioFile.read(write("e.yaml", "users: 5\nduration: 5s\nmix: {work: 0}\n")))
                .hasMessageContaining("field 'mix' needs at least one positive weight");
        assertThatThrownBy(() -> ScenarioFile.read(write("f.yaml", "users: 5\nmix: {work: 1}\n")))
                .hasMessageContaining("field 'duration' is required");
    }

    @Test
    void aValueOfTheWrongKindNamesTheFieldWhatIsAllowedAndWhatWasWritten() throws IOException {
        assertThatThrownBy(() -> ScenarioFile.read(write("g.yaml", "users: ten\nduration: 5s\nmix: {work: 1}\n")))
                .hasMessageContaining("field 'users' must be a whole number, was 'ten'");
        assertThatThrownBy(() -> ScenarioFile.read(write("h.yaml", "users: 10.5\nduration: 5s\nmix: {work: 1}\n")))
                .as("no silent truncation to 10").hasMessageContaining("field 'users' must be a whole number, was '10.5'");
        assertThatThrownBy(() -> ScenarioFile.read(write("i.yaml", "users: 5\nduration: 5s\nrequest: {io-mode: disk}\nmix: {work: 1}\n")))
                .hasMessageContaining("field 'request.io-mode' must be one of sleep, block, downstream, was 'disk'");
        assertThatThrownBy(() -> ScenarioFile.read(write("j.yaml", "users: 5\nduration: 5s\nrequest: {bytes: 2MB}\nmix: {work: 1}\n")))
                .hasMessageContaining("field 'request.bytes' must be a size such as 512, 4KB or 1MB within 0..1048576 bytes, was 2097152");
        assertThatThrownBy(() -> ScenarioFile.read(write("k.yaml", "users: 5\nduration: 5s\nmix: [1, 2]\n")))
                .hasMessageContaining("field 'mix' must be a mix, was [1,2]");
        assertThatThrownBy(() -> ScenarioFile.read(write("l.yaml", "users: 5\nduration: 5s\nmix: {work: 1}\nkeys: {skew: 9}\n")))
                .hasMessageContaining("field 'keys.skew' must be a number within 0.1..5.0, was 9.0");
    }

    @Test
    void aFileThatIsNotYamlSaysSo() throws IOException {
        assertThatThrownBy(() -> ScenarioFile.read(write("broken.yaml", "users: [10\n")))
                .hasMessageContaining("broken.yaml: file is not readable YAML");
        assertThatThrownBy(() -> ScenarioFile.read(write("list.yaml", "- users: 10\n")))
                .hasMessageContaining("must be a YAML mapping");
    }

    @Test
    void anUnknownScenarioNameListsTheKnownOnes() {
        assertThatThrownBy(() -> ScenarioFile.find("io-bund", STANDARD))
                .hasMessageContaining("io-bund.yaml: scenario does not exist; known scenarios: ")
                .hasMessageContaining("io-bound");
    }

    @Test
    void aRequestShapeBelowAMillisecondReachesTheServicesAsWritten() throws IOException {
        Scenario scenario = ScenarioFile.read(write("light.yaml", """
                users: 10
                duration: 5s
                request: {io: 250us, cpu: 750us}
                mix: {work: 1}
                """));

        assertThat(scenario.request().io()).isEqualTo(Duration.ofNanos(250_000));
        assertThat(scenario.request().cpu()).isEqualTo(Duration.ofNanos(750_000));
        assertThat(new RequestMix("/mvc", scenario).apply(0)).startsWith("/mvc/work?io=250us&cpu=750us&");
    }

    @Test
    void anAntiPatternIsFollowedByItsTwinDoneRight() {
        Scenario blocking = ScenarioFile.find("block-the-event-loop", STANDARD);

        assertThat(blocking.request().ioMode()).isEqualTo(Scenario.IoMode.BLOCK);
        Scenario right = blocking.doneRightTwin().orElseThrow();
        assertThat(right.name()).isEqualTo("block-the-event-loop-done-right");
        assertThat(right.request()).isEqualTo(new Scenario.RequestShape(blocking.request().io(), Scenario.IoMode.SLEEP,
                blocking.request().cpu(), blocking.request().bytes()));
        assertThat(right.load()).isEqualTo(blocking.load());
        assertThat(right.doneRightTwin()).isEmpty();

        Scenario smallPool = ScenarioFile.find("pool-smaller-than-concurrency", STANDARD);
        assertThat(smallPool.downstreamPool()).isEqualTo(4);
        Scenario bigPool = smallPool.doneRightTwin().orElseThrow();
        assertThat(bigPool.downstreamPool()).isEqualTo(1000);
        assertThat(bigPool.request()).isEqualTo(smallPool.request());
        assertThat(bigPool.description()).startsWith("The same load done right (a downstream pool of 1000): ");

        Scenario cpuOnLoop = ScenarioFile.find("cpu-on-the-event-loop", STANDARD);
        assertThat(cpuOnLoop.request().cpuOn()).isEqualTo(Scenario.CpuOn.REQUEST);
        assertThat(cpuOnLoop.doneRightTwin().orElseThrow().request().cpuOn()).isEqualTo(Scenario.CpuOn.WORKERS);
    }

    @Test
    void aTwinDoneRightMustChangeSomething() throws IOException {
        assertThatThrownBy(() -> ScenarioFile.read(write("same.yaml", "users: 5\nduration: 5s\nmix: {work: 1}\ndone-right: {}\n")))
                .hasMessageContaining("field 'done-right' needs what the twin done right changes: io-mode, cpu-on, downstream-pool");
        assertThatThrownBy(() -> ScenarioFile.read(write("pool.yaml", "users: 5\nduration: 5s\nmix: {work: 1}\ndownstream-pool: 0\n")))
                .hasMessageContaining("field 'downstream-pool' must be a whole number within 1..10000, was 0");
    }

    @Test
    void eventsAreReadInTimeOrder() throws IOException {
        Scenario scenario = ScenarioFile.read(write("events.yaml", """
                users: 10
                duration: 30s
                mix: {products: 1}
                events:
                  - {at: 20s, scale: webflux=4}
                  - {at: 10s, kill: service-webflux-1}
                  - {at: 25s, slow: {replica: service-mvc-2, io: 500ms}}
                """));

        assertThat(scenario.events()).containsExactly(new Event.Kill(Duration.ofSeconds(10), "service-webflux-1"),
                new Event.Scale(Duration.ofSeconds(20), "webflux", 4),
                new Event.Slow(Duration.ofSeconds(25), "service-mvc-2", Duration.ofMillis(500)));
        assertThat(scenario.events()).extracting(Event::describe)
                .containsExactly("kill service-webflux-1", "scale webflux=4", "slow service-mvc-2 by 500ms");
    }

    @Test
    void aBadEventNamesItsFieldAndWhatIsAllowed() throws IOException {
        String head = "users: 10\nduration: 30s\nmix: {products: 1}\nevents:\n";
        assertThatThrownBy(() -> ScenarioFile.read(write("e1.yaml", head + "  - {at: 30s, kill: service-webflux-1}\n")))
                .hasMessageContaining("field 'events[0].at' must be within the measured window 0s..30s, was '30s'");
        assertThatThrownBy(() -> ScenarioFile.read(write("e2.yaml", head + "  - {at: 5s, kill: gateway}\n")))
                .hasMessageContaining("field 'events[0].kill' must name a replica such as service-webflux-1, was gateway");
        assertThatThrownBy(() -> ScenarioFile.read(write("e3.yaml", head + "  - {at: 5s, scale: webflux=9}\n")))
                .hasMessageContaining("field 'events[0].scale' must be variant=replicas such as webflux=4 (replicas 1..8)");
        assertThatThrownBy(() -> ScenarioFile.read(write("e4.yaml", head + "  - {at: 5s, kill: service-mvc-1, scale: mvc=2}\n")))
                .hasMessageContaining("field 'events[0]' — give exactly one of kill");
        assertThatThrownBy(() -> ScenarioFile.read(write("e5.yaml", head + "  - {kill: service-mvc-1}\n")))
                .hasMessageContaining("field 'events[0].at' is required");
        assertThatThrownBy(() -> ScenarioFile.read(write("e6.yaml", head + "  - {at: 5s, stop: service-mvc-1}\n")))
                .hasMessageContaining("field 'events[0].stop' is not a field here; allowed: at, kill, scale, slow");
        assertThatThrownBy(() -> ScenarioFile.read(write("e7.yaml", head + "  - {at: 5s, slow: {replica: service-mvc-1, io: 11s}}\n")))
                .hasMessageContaining("field 'events[0].slow.io' must be")
                .hasMessageContaining("10s");
        assertThatThrownBy(() -> ScenarioFile.read(write("e8.yaml", head + "  - {at: 5s, slow: {io: 1s}}\n")))
                .hasMessageContaining("field 'events[0].slow.replica' is required (a replica such as service-mvc-2)");
        assertThatThrownBy(() -> ScenarioFile.read(write("e9.yaml", head + "  - {at: 5s, slow: {replica: downstream, io: 1s}}\n")))
                .hasMessageContaining("field 'events[0].slow.replica' must name a replica such as service-mvc-2, was downstream");
        assertThatThrownBy(() -> ScenarioFile.read(write("e10.yaml", head
                + "  - {at: 5s, kill: service-mvc-1, slow: {replica: service-mvc-2, io: 1s}}\n")))
                .hasMessageContaining("field 'events[0]' — give exactly one of kill");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }
}
