package dev.concurrencylab.lab.commands;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.report.MarkdownSummary;
import dev.concurrencylab.lab.report.ReportWriter;
import dev.concurrencylab.lab.report.ResultsFile;
import dev.concurrencylab.lab.topology.LabException;

/** {@code ./lab report}: the report of a bench made again from its results.json (no load sent). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes index.html and summary.md again from a bench's results.json, next to it, and prints the "
            + "summary: after upgrading the lab, or from results someone sent you.",
        footer = {"", "Examples:", "  ./lab report lab-report/20261127-041618/results.json"})
public final class ReportCommand implements Runnable {

    @Parameters(paramLabel = "RESULTS", description = "A results.json written by ./lab bench or ./lab demo.")
    private Path results;

    @Override
    public void run() {
        if (!Files.isRegularFile(results)) {
            throw new LabException(results + " does not exist; ./lab bench writes lab-report/<timestamp>/results.json");
        }
        BenchResults read = ResultsFile.read(results);
        Path index = new ReportWriter().render(read, results.toAbsolutePath().getParent());
        System.out.print(MarkdownSummary.of(read));
        System.out.printf("%nReport ready: %s%n", index.toAbsolutePath());
    }
}
