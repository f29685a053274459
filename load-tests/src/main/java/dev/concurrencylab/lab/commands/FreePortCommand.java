package dev.concurrencylab.lab.commands;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.concurrencylab.launcher.Ports;

/**
 * {@code ./lab free-port}, for the benchmark scripts (gateway/bench/lib.sh): a loopback port for a
 * server they start themselves (nginx), from the same allocator as {@link LaunchCommand}'s apps.
 */
@Command(name = "free-port", hidden = true, mixinStandardHelpOptions = true,
        description = "Prints a free loopback port that no earlier launch or free-port with the same record handed out.")
public final class FreePortCommand implements Runnable {

    @Option(names = "--ports-record", required = true, description = "The file of ports handed out so far (one per line).")
    private Path record;

    @Override
    public void run() {
        System.out.println(Ports.recordedIn(record).free());
    }
}
