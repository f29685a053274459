package dev.concurrencylab.lab.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import dev.concurrencylab.lab.Lab;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.launcher.Service;

/** {@code ./lab scale}. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Sets the number of replicas of one or more variants while the lab runs. New replicas join the "
            + "gateway once ready; leaving ones are taken out of the gateway first, drained, then stopped "
            + "gracefully, so no request fails.",
        footer = {"", "Examples:", "  ./lab scale service-webflux=3", "  ./lab scale mvc=1 virtual=4"})
public final class ScaleCommand implements Runnable {

    @ParentCommand
    private Lab lab;

    @Parameters(arity = "1..*", paramLabel = "SERVICE=COUNT", description = "e.g. service-webflux=3 (or webflux=3)")
    private List<String> targets;

    @Override
    public void run() {
        Map<Service, Integer> counts = new LinkedHashMap<>();
        ReplicaCounts parser = new ReplicaCounts();
        targets.forEach(target -> counts.putAll(parser.convert(target)));
        LabState state = lab.topology().scale(counts);
        System.out.printf("Scaled: %s%n", counts.keySet().stream()
                .map(service -> service.serviceName() + " has " + state.replicasOf(service).size() + " replica(s)").toList());
    }
}
