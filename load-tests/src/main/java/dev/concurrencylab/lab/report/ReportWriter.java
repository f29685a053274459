package dev.concurrencylab.lab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes {@code <reports>/<timestamp>/}: {@code results.json} (the data), {@code index.html} (the
 * report) and {@code summary.md} (what the console shows).
 */
public final class ReportWriter {

    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final HtmlReport html = new HtmlReport();

    /** @return the report's {@code index.html} */
    public Path write(BenchResults results, Path reports) {
        Path folder = reports.resolve(FOLDER.format(results.startedAt()));
        try {
            Files.createDirectories(folder);
            ResultsFile.write(results, folder.resolve("results.json"));
            return render(results, folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report and summary of results already on disk, written next to them. */
    public Path render(BenchResults results, Path folder) {
        try {
            Files.writeString(folder.resolve("summary.md"), MarkdownSummary.of(results));
            Path index = folder.resolve("index.html");
            Files.writeString(index, html.render(results));
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
