package dev.concurrencylab.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in app for the launcher's tests: prints the JVM's input arguments, one per line, its
 * program arguments, then its process id and session id (Linux's /proc), and exits.
 */
public final class PrintInputArguments {

    private PrintInputArguments() {
    }

    public static void main(String[] args) {
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
        System.out.println("-- program arguments");
        for (String arg : args) {
            System.out.println(arg);
        }
        System.out.println("-- pid " + ProcessHandle.current().pid() + " session " + session());
    }

    /** The sixth field of /proc/self/stat, counted after the command name (which may hold spaces). */
    private static String session() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
