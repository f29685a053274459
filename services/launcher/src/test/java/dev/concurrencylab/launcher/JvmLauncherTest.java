package dev.concurrencylab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real JVMs started the way the lab starts its apps; a stand-in main prints what the JVM was given. */
class JvmLauncherTest {

    private static final Path PROJECT = Path.of(System.getProperty("lab.project.dir", "../..")).toAbsolutePath().normalize();
    private static final List<String> STAND_IN = List.of("-cp", System.getProperty("java.class.path"),
            PrintInputArguments.class.getName());

    @TempDir
    Path logs;

    private final JvmFlags flags = JvmFlags.of(PROJECT);
    private final JvmLauncher launcher = new JvmLauncher(JvmLauncher.currentJava(), flags, new Ports(), PROJECT);

    @ParameterizedTest
    @EnumSource(Sizing.class)
    @DisplayName("a started JVM runs with exactly the flags of services/jvm, as the image's java reads the same files")
    void aStartedJvmRunsWithTheFlagsOfTheFlagFiles(Sizing sizing) throws Exception {
        StartedJvm started = launcher.start(new AppLaunch("flags-" + sizing.name().toLowerCase(), sizing, STAND_IN, 0,
                List.of("--lab.example=1"), logs));

        List<String> printed = output(started);

        assertThat(printed.subList(0, printed.indexOf("-- program arguments"))).isEqualTo(flags.read(sizing));
        assertThat(printed.subList(printed.indexOf("-- program arguments") + 1, printed.size() - 1)).containsExactly(
                "--server.address=127.0.0.1", "--server.port=" + started.port(),
                "--management.server.address=127.0.0.1", "--management.server.port=" + started.managementPort(),
                "--lab.instance-id=" + started.name(), "--lab.example=1");
        assertThat(started.log()).isEqualTo(logs.resolve(started.name() + ".log"));
    }

    @Test
    @DisplayName("every app of the lab gets the serial collector, a capped heap, the trimmed C heap and Netty's Unsafe")
    void theFlagFilesHoldTheLabsFlags() {
        assertThat(flags.read(Sizing.REPLICA)).contains("-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=1000",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx128m");
        assertThat(flags.read(Sizing.GATEWAY)).contains("-XX:+UseSerialGC", "-Xmx256m").doesNotContain("-Xmx128m");
    }

    @Test
    @DisplayName("flags a user adds come after the lab's, where a later flag wins")
    void addedFlagsComeLast() throws Exception {
        JvmLauncher withMore = new JvmLauncher(JvmLauncher.currentJava(), flags.adding(List.of("-Xmx200m")), new Ports(), PROJECT);

        List<String> printed = output(withMore.start(new AppLaunch("added", Sizing.REPLICA, STAND_IN, 0, List.of(), logs)));

        assertThat(printed).containsSubsequence("-Xmx128m", "-Xmx200m");
        assertThat(printed.get(printed.indexOf("-- program arguments") - 1)).isEqualTo("-Xmx200m");
    }

    @Test
    @DisplayName("for a benchmark, each app leads a session of its own (a scheduling group of its own); else it stays in ours")
    void benchmarkAppsRunInSessionsOfTheirOwn() throws Exception {
        List<String> own = output(launcher.inOwnSessions().start(new AppLaunch("own", Sizing.REPLICA, STAND_IN, 0, List.of(), logs)));
        List<String> shared = output(launcher.start(new AppLaunch("shared", Sizing.REPLICA, STAND_IN, 0, List.of(), logs)));

        String[] ownIds = own.getLast().split(" ");
        assertThat(ownIds[2]).as("pid").isEqualTo(ownIds[4]);
        String[] sharedIds = shared.getLast().split(" ");
        assertThat(sharedIds[2]).as("pid").isNotEqualTo(sharedIds[4]);
    }

    @Test
    @DisplayName("recording exit status: the pid is the JVM's, and how it ended is written beside its log (137 for SIGKILL)")
    void theExitStatusOfAKilledAppIsRecorded() {
        List<String> staysUp = List.of("-cp", System.getProperty("java.class.path"), StaysUp.class.getName());
        StartedJvm started = launcher.recordingExitStatus().start(new AppLaunch("killed", Sizing.REPLICA, staysUp, 0, List.of(), logs));

        ProcessHandle jvm = ProcessHandle.of(started.pid()).orElseThrow();
        assertThat(jvm.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("java"));
        assertThat(started.exitStatus()).isEqualTo(logs.resolve("killed.exit")).doesNotExist();
        await("killed says it is up").atMost(Duration.ofSeconds(30)).until(() -> Files.readString(started.log()).contains("up"));
        jvm.destroyForcibly();

        await("the status is written").atMost(Duration.ofSeconds(30)).until(() -> Files.isRegularFile(started.exitStatus()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readString(started.exitStatus()).strip()).isEqualTo("137"));
    }

    @Test
    @DisplayName("recording exit status: an app that ends by itself leaves its exit code, and an earlier one's is gone first")
    void theExitCodeOfAnAppThatEndedIsRecorded() throws IOException {
        Files.writeString(logs.resolve("ended.exit"), "137\n");
        StartedJvm started = launcher.recordingExitStatus().start(new AppLaunch("ended", Sizing.REPLICA, STAND_IN, 0, List.of(), logs));

        await("the status is written").atMost(Duration.ofSeconds(60)).until(() -> Files.isRegularFile(started.exitStatus())
                && !Files.readString(started.exitStatus()).isBlank());
        assertThat(Files.readString(started.exitStatus()).strip()).isEqualTo("0");
    }

    @Test
    @DisplayName("apps started one after another without binding get different ports, and a chosen traffic port is kept")
    void portsAreNeverHandedOutTwice() throws Exception {
        List<StartedJvm> started = List.of(
                launcher.start(new AppLaunch("one", Sizing.REPLICA, STAND_IN, 0, List.of(), logs)),
                launcher.start(new AppLaunch("two", Sizing.REPLICA, STAND_IN, 0, List.of(), logs)),
                launcher.start(new AppLaunch("three", Sizing.GATEWAY, STAND_IN, 0, List.of(), logs).onPort(20_001)));
        for (StartedJvm jvm : started) {
            output(jvm);
        }

        assertThat(started).flatExtracting(StartedJvm::port, StartedJvm::managementPort).doesNotHaveDuplicates();
        assertThat(started.getLast().port()).isEqualTo(20_001);
    }

    @Test
    @DisplayName("a replica name that could not be a file name or an instance id is refused before anything starts")
    void aBadNameIsRefused() {
        assertThatThrownBy(() -> new AppLaunch("../etc", Sizing.REPLICA, STAND_IN, 0, List.of(), logs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../etc");
        assertThatThrownBy(() -> new AppLaunch("ok", Sizing.REPLICA, STAND_IN, 70_000, List.of(), logs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }

    private static List<String> output(StartedJvm started) throws IOException {
        await(started.name() + " exits").atMost(Duration.ofSeconds(60)).until(() -> !started.process().isAlive());
        assertThat(started.process().exitValue()).as(LogTail.of(started.log(), 20)).isZero();
        return Files.readAllLines(started.log());
    }
}
