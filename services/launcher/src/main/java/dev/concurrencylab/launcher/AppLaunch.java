package dev.concurrencylab.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * What to start: one lab app, named after its replica.
 *
 * @param name the replica's name, e.g. {@code service-webflux-2}: its {@code lab.instance-id}
 *         (in its logs and on its metrics) and its log file's name
 * @param sizing which JVM sizing it runs with
 * @param program what follows the JVM flags to run it, e.g. {@code -jar app.jar}
 * @param port its traffic port on 127.0.0.1; 0 for a free one
 * @param arguments its own arguments after the lab's ({@code --lab.downstream.url=...})
 * @param logDirectory where its log file goes ({@code <name>.log})
 */
public record AppLaunch(String name, Sizing sizing, List<String> program, int port, List<String> arguments,
        Path logDirectory) {

    public AppLaunch {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("a replica name is lower-case letters, digits and '-', not '" + name + "'");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
        program = List.copyOf(program);
        arguments = List.copyOf(arguments);
    }

    /** The runnable jar, on a free port. */
    public static AppLaunch jar(String name, Sizing sizing, Path jar, List<String> arguments, Path logDirectory) {
        return new AppLaunch(name, sizing, List.of("-jar", jar.toString()), 0, arguments, logDirectory);
    }

    /** The same app, on this traffic port (the gateway's, which users type). */
    public AppLaunch onPort(int trafficPort) {
        return new AppLaunch(name, sizing, program, trafficPort, arguments, logDirectory);
    }

    /** The same app, run by another program (a prepared image: {@code -XX:AOTCache=... -jar extracted.jar}). */
    public AppLaunch runBy(List<String> otherProgram) {
        return new AppLaunch(name, sizing, otherProgram, port, arguments, logDirectory);
    }

    public Path log() {
        return logDirectory.resolve(name + ".log");
    }

    /** Where a launcher recording exit status writes this app's ({@link JvmLauncher#recordingExitStatus()}). */
    public Path exitStatus() {
        return logDirectory.resolve(name + ".exit");
    }
}
