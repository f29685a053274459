package dev.concurrencylab.lab.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.dashboard.DashboardProcess;
import dev.concurrencylab.lab.dashboard.LiveDashboard;
import dev.concurrencylab.lab.topology.LabException;

/** {@code ./lab dashboard}: serves the live page of the running lab in the foreground (./lab up starts one itself). */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serves the live page of the running lab on loopback until Ctrl-C or ./lab down: every replica's "
                + "requests/s, p50/p99, errors, in flight, threads, virtual threads, CPU and RSS, each variant's together, "
                + "the gateway's cache; it follows ./lab scale. ./lab up starts one itself (unless --no-dashboard).",
        footer = {"", "Examples:", "  ./lab dashboard              any free port, printed", "  ./lab dashboard --port 8099"})
public final class DashboardCommand implements Runnable {

    @ParentCommand
    private Lab lab;

    @Option(names = "--port", defaultValue = "0", description = "Loopback port of the page; 0 takes any free one "
            + "(default: ${DEFAULT-VALUE}).")
    private int port;

    @Override
    public void run() {
        if (port < 0 || port > 65535) {
            throw new LabException("--port must be within 0..65535, was " + port);
        }
        if (lab.topology().current().isEmpty()) {
            throw new LabException("the lab is not up: ./lab up first (it starts a dashboard itself, unless --no-dashboard)");
        }
        DashboardProcess record = new DashboardProcess(lab.projectDir(), lab.labDir());
        record.running().ifPresent(running -> {
            throw new LabException("a dashboard already serves this lab at " + running.url() + " (pid " + running.pid() + ")");
        });
        try (LiveDashboard dashboard = LiveDashboard.start(lab.labDir(), port)) {
            record.record(dashboard.url());
            System.out.println("Live dashboard: " + dashboard.url());
            dashboard.awaitEnd();
        } finally {
            record.forget();
        }
    }
}
