package dev.concurrencylab.lab.commands;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.dashboard.DashboardProcess;
import dev.concurrencylab.lab.topology.ProcessEnd;
import dev.concurrencylab.lab.topology.ProcessStatus;

/** {@code ./lab status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows every process of the running lab: ready or not, uptime, resident memory, live threads "
            + "and virtual threads, and requests in flight, read from each one's actuator.")
public final class StatusCommand implements Runnable {

    @ParentCommand
    private Lab lab;

    @Override
    public void run() {
        List<ProcessStatus> statuses = lab.topology().status();
        Table table = new Table("NAME", "STATE", "UPTIME", "RSS", "THREADS", "VIRTUAL", "IN-FLIGHT", "URL");
        for (ProcessStatus status : statuses) {
            table.row(status.process().name(),
                    !status.alive() ? "DEAD" : status.ready() ? "ready" : "not ready",
                    uptime(status.uptime()),
                    status.rssBytes().isPresent() ? "%d MiB".formatted(status.rssBytes().getAsLong() >> 20) : "-",
                    number(status.threads()), number(status.virtualThreads()), number(status.inFlight()),
                    status.process().url());
        }
        table.print(System.out);
        lab.topology().current().ifPresent(state ->
                System.out.printf("The gateway's cache is %s.%n", state.cacheOn() ? "on" : "off"));
        new DashboardProcess(lab.projectDir(), lab.labDir()).running()
                .ifPresent(dashboard -> System.out.printf("Live dashboard: %s%n", dashboard.url()));
        List<ProcessStatus> dead = statuses.stream().filter(status -> !status.alive()).toList();
        for (ProcessStatus status : dead) {
            ProcessEnd end = ProcessEnd.of(status.process());
            System.out.printf("%n%s (pid %d) is not running: %s. The last lines of %s:%n%s%n", status.process().name(),
                    status.process().pid(), end.describe(), status.process().log(), end.logTail().indent(2).stripTrailing());
        }
        if (!dead.isEmpty()) {
            System.out.printf("%n%d process(es) not running. ./lab scale starts replicas again; ./lab down cleans up.%n", dead.size());
        }
    }

    private static String uptime(Duration uptime) {
        long seconds = uptime.toSeconds();
        return seconds < 3600 ? "%dm%02ds".formatted(seconds / 60, seconds % 60) : "%dh%02dm".formatted(seconds / 3600, seconds % 3600 / 60);
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? String.valueOf(Math.round(value.getAsDouble())) : "-";
    }
}
