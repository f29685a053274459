package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.StateStore;
import dev.concurrencylab.launcher.Service;

/** The harness's clear errors, each checked before any process is started. */
class LabErrorsTest {

    @TempDir
    Path labDir;

    private Result lab(String... arguments) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(output, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            String[] all = new String[arguments.length + 4];
            all[0] = "--project-dir";
            all[1] = System.getProperty("lab.project.dir", "..");
            all[2] = "--lab-dir";
            all[3] = labDir.toString();
            System.arraycopy(arguments, 0, all, 4, arguments.length);
            int exit = Lab.run(all);
            return new Result(exit, output.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void aBusyGatewayPortIsNamedAndNothingIsStarted() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = lab("up", "--gateway-port", String.valueOf(busy.getLocalPort()));

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.output()).contains("Port " + busy.getLocalPort() + " is busy");
            assertThat(labDir.resolve("state.json")).doesNotExist();
        }
    }

    @Test
    void stateOfACrashedRunIsDetectedAndCleanedUp() {
        LabProcess gone = new LabProcess("gateway", Service.GATEWAY, Long.MAX_VALUE - 1, 1, 2, Instant.now(), "gateway.log");
        new StateStore(labDir).save(new LabState(Instant.now(), "50ms", List.of(gone), true, null));

        Result result = lab("status");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("processes are all gone; cleaned it up").contains("The lab is not up");
        assertThat(labDir.resolve("state.json")).doesNotExist();
    }

    @Test
    void badReplicaCountsAreRefusedWithTheAllowedForm() {
        assertThat(lab("up", "--replicas", "webflux=lots").output()).contains("'lots' is not a whole number");
        assertThat(lab("up", "--replicas", "nodejs=2").output()).contains("unknown variant 'nodejs'; known: mvc, virtual, webflux");
        assertThat(lab("up", "--replicas", "webflux=17").output()).contains("must be 0..16");
        assertThat(lab("up", "--downstream-latency", "11s").output()).contains("--downstream-latency must be within 0ms..10s");
        assertThat(lab("up", "--downstream-pool", "0").output()).contains("--downstream-pool must be 1..10000 connections per replica, was 0");
        assertThat(lab("up", "--cache", "maybe").output()).contains("--cache", "maybe", "ON, OFF");
        assertThat(labDir.resolve("state.json")).doesNotExist();
    }

    @Test
    void aProcessThatDiesWhileStartingIsReportedWithItsLogAndTheRestAreStopped() {
        Result result = lab("--jvm-options", "-XX:+ThisFlagDoesNotExist", "up", "--replicas", "webflux=1",
                "--gateway-port", "0");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("exited while starting").contains("Unrecognized VM option")
                .contains("Start failed; stopping the");
        assertThat(labDir.resolve("state.json")).doesNotExist();
    }

    @Test
    void downWithNothingUpSaysSo() {
        Result result = lab("down");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("The lab is not up; nothing to stop.");
    }

    @Test
    void planPredictsEveryVariantWithItsBoundWithoutStartingAnything() {
        Result result = lab("plan", "--users", "600", "--io", "2s");

        assertThat(result.exit()).isZero();
        assertThat(result.output()).contains("(nothing started)", "| mvc | off | 3 |", "| virtual | off | 1 |",
                "| webflux | off | 1 |", "mvc: one replica serves at most 100 requests/s, bound by threads: 200 threads ÷ 2.001 s",
                "virtual: one replica serves at most 532 requests/s, bound by heap");
        assertThat(labDir.resolve("state.json")).doesNotExist();
    }

    @Test
    void planRefusesBadInputWithOneLineNamingTheFlag() {
        assertThat(lab("plan", "--io", "2s").output()).contains("give --users (simultaneous users) or --rate");
        assertThat(lab("plan", "--users", "0").output()).contains("--users must be within 1..100000, was 0");
        assertThat(lab("plan", "--users", "10", "--cacheable", "1.5").output()).contains("--cacheable must be within 0..1, was 1.5");
        assertThat(lab("plan", "--users", "10", "--io", "2 s").output()).contains("--io", "is not a duration");
        assertThat(lab("plan", "--rate", "10", "--rate-per-user", "2").output()).contains("--rate-per-user goes with --users");
        assertThat(lab("plan", "--users", "10", "--distribution", "pareto").output()).contains("--distribution", "UNIFORM, ZIPF, UNIQUE");
        assertThat(labDir.resolve("state.json")).doesNotExist();
    }

    @Test
    void calibrateAndVerifyNeedARunningLabAndAWorkloadTheBenchCanOffer() {
        assertThat(lab("plan", "--calibrate").output()).contains("--calibrate measures the running lab, and it is not up");
        assertThat(lab("plan", "--users", "10", "--verify").output()).contains("--verify measures on the local lab, and it is not up");
        assertThat(lab("plan", "--users", "10", "--cacheable", "1", "--unique", "0.5", "--verify").output())
                .contains("--verify runs a --unique share of 0 or 1 only", "was 0.5");
        assertThat(lab("plan", "--users", "10", "--freshness", "10s", "--verify").output())
                .contains("--verify measures the lab's products, fresh for 1m; leave --freshness out");
        assertThat(lab("plan", "--users", "10", "--verify", "--duration", "0s").output())
                .contains("--duration must be within 1s..10m, was 0ms");
        assertThat(lab("plan", "--calibrate", "--verify", "--users", "10").output()).contains("two steps");
        assertThat(labDir.resolve("state.json")).doesNotExist();
        assertThat(labDir.resolve("calibration.json")).doesNotExist();
    }

    @Test
    void helpExplainsEveryCommandWithExamples() {
        Result result = lab("--help");

        assertThat(result.exit()).isZero();
        assertThat(result.output()).contains("up", "status", "scale", "down", "Examples:");
        assertThat(lab("up", "--help").output()).contains("--replicas", "--downstream-latency", "--gateway-port", "Examples:");
    }

    @Test
    void benchWithNoLabUpAndNoTargetSaysHowToGetOne() {
        Result result = lab("bench", "--scenario", "io-bound");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("the lab is not up: run ./lab up first", "or give --target URL");
    }

    @Test
    void benchOptionsAreCheckedBeforeAnyLoadIsSent() {
        String target = "--target=http://127.0.0.1:9";
        assertThat(lab("bench", target, "--variants", "mvc,reactive").output())
                .contains("--variants", "unknown variant 'reactive'; known: mvc, virtual, webflux");
        assertThat(lab("bench", target, "--scenario", "nope").output())
                .contains("nope.yaml: scenario does not exist; known scenarios: ", "io-bound");
        assertThat(lab("bench", target, "--duration", "ten").output()).contains("--duration", "'ten' is not a duration (e.g. 250us, 500ms, 10s, 2m)");
        assertThat(lab("bench", target, "--cache", "maybe").output()).contains("--cache", "maybe", "ON, OFF");
        assertThat(lab("bench", target, "--actuator", "gateway").output()).contains("--actuator must be NAME=URL");
        assertThat(lab("bench", target, "--replicas", "2").output()).contains("--replicas and --cache change the local lab",
                "--replicas also compose and Kubernetes");
        assertThat(lab("bench", target, "--scenario", "kill-a-replica").output()).contains("scenario kill-a-replica has events",
                "they run on the local lab", "on compose (--target URL --docker)", "on Kubernetes (--target URL --kubernetes)");
        assertThat(lab("bench", "--target=ftp://example", "--scenario", "io-bound").output())
                .contains("--target must be an http(s) URL");
        assertThat(lab("bench", target, "--docker", "--kubernetes").output()).contains("--docker and --kubernetes name two");
    }

    @Test
    void eventsOnKubernetesWithoutAReachableClusterStopBeforeAnyLoadWithKubectlsWords() {
        // no cluster here: kubectl's own error, named, before the warm-up or any run
        Result result = lab("bench", "--target=http://127.0.0.1:9", "--kubernetes=lab-nowhere", "--scenario", "kill-a-replica",
                "--variants", "webflux");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("kubectl could not list the pods of service-webflux in namespace lab-nowhere "
                + "(exit 1)").doesNotContain("Warming up");
    }

    @Test
    void theDashboardNeedsALabAndAPort() {
        Result noLab = lab("dashboard");

        assertThat(noLab.exit()).isEqualTo(1);
        assertThat(noLab.output()).contains("the lab is not up: ./lab up first");
        assertThat(lab("dashboard", "--port", "70000").output()).contains("--port must be within 0..65535, was 70000");
        assertThat(lab("up", "--dashboard-port=-1").output()).contains("--dashboard-port must be within 0..65535, was -1");
    }

    @Test
    void demoAndBenchExplainThemselvesWithExamples() {
        assertThat(lab("--help").output()).contains("demo", "bench");
        assertThat(lab("bench", "--help").output()).contains("--scenario", "--variants", "--target", "--replicas", "--cache",
                "Examples:");
        assertThat(lab("demo", "--help").output()).contains("--duration", "Examples:");
    }

    @Test
    void reportRemakesTheReportFromResultsAndRefusesWhatIsNotResults() throws IOException {
        Path results = labDir.resolve("results.json");
        Files.copy(Path.of("src/test/resources/report/results.json"), results);

        Result made = lab("report", results.toString());

        assertThat(made.exit()).isZero();
        assertThat(made.output()).contains("| io-bound | mvc |", "Report ready: " + labDir.resolve("index.html").toAbsolutePath());
        assertThat(labDir.resolve("index.html")).content().contains("<svg");
        assertThat(lab("report", labDir.resolve("missing.json").toString()).output()).contains("missing.json does not exist");
        Files.writeString(labDir.resolve("other.json"), "{\"runs\": 3}");
        assertThat(lab("report", labDir.resolve("other.json").toString()).output()).contains("is not a bench results file");
    }

    private record Result(int exit, String output) {
    }
}
