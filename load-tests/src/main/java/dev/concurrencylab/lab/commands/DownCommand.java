package dev.concurrencylab.lab.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.dashboard.DashboardProcess;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.Topology;

/** {@code ./lab down}. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stops exactly the processes ./lab up started: the gateway first, then the rest, each "
            + "gracefully (SIGTERM), forced after 15 s; then checks that none of their ports still listens.")
public final class DownCommand implements Runnable {

    @ParentCommand
    private Lab lab;

    @Override
    public void run() {
        Topology.DownResult result = lab.topology().down();
        new DashboardProcess(lab.projectDir(), lab.labDir()).stop();
        result.outcomes().forEach((name, outcome) ->
                System.out.printf("  stopped %-20s %s%n", name, Topology.describe(outcome)));
        if (!result.stillListening().isEmpty()) {
            throw new LabException("ports still listening after stop: " + result.stillListening());
        }
        System.out.printf("The lab is down: %d processes stopped, no port left open.%n", result.outcomes().size());
    }
}
