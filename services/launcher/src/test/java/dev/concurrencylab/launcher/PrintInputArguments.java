package dev.concurrencylab.launcher;

import java.lang.management.ManagementFactory;

/** A stand-in app for the launcher's tests: prints the JVM's input arguments, one per line, and exits. */
public final class PrintInputArguments {

    private PrintInputArguments() {
    }

    public static void main(String[] args) {
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
        System.out.println("-- program arguments");
        for (String arg : args) {
            System.out.println(arg);
        }
    }
}
