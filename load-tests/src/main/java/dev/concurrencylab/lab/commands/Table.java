package dev.concurrencylab.lab.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with aligned columns, for the console. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        rows.add(Arrays.stream(cells).map(String::valueOf).toList());
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (List<String> line : lines()) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : lines()) {
            StringBuilder text = new StringBuilder("  ");
            for (int i = 0; i < line.size(); i++) {
                text.append(String.format("%-" + (widths[i] + 2) + "s", line.get(i)));
            }
            out.println(text.toString().stripTrailing());
        }
    }

    private List<List<String>> lines() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }
}
