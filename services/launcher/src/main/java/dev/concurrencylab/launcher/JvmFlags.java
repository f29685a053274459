package dev.concurrencylab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of the lab's apps, from their one source: {@code services/jvm/common.flags} plus
 * the file of the app's {@link Sizing}. They are handed to java as argument files
 * ({@code @common.flags}), exactly as the image's entry point does (services/Dockerfile), so a local
 * process, a container and a pod cannot drift apart; additions (a user's {@code --jvm-options})
 * come after them, where a later flag wins.
 *
 * @param directory where the flag files are ({@code services/jvm} of the repository)
 * @param additions flags added after the files, for every app
 */
public record JvmFlags(Path directory, List<String> additions) {

    /** The flags directory, relative to the repository root. */
    public static final Path DIRECTORY = Path.of("services", "jvm");
    static final String COMMON = "common.flags";

    public JvmFlags {
        directory = directory.toAbsolutePath().normalize();
        additions = List.copyOf(additions);
    }

    /** The lab's flags as the repository at {@code projectDir} holds them, nothing added. */
    public static JvmFlags of(Path projectDir) {
        return new JvmFlags(projectDir.resolve(DIRECTORY), List.of());
    }

    public JvmFlags adding(List<String> more) {
        List<String> all = new ArrayList<>(additions);
        all.addAll(more);
        return new JvmFlags(directory, all);
    }

    /** What goes on java's command line for an app of this sizing: the two argument files, then the additions. */
    public List<String> options(Sizing sizing) {
        List<String> options = new ArrayList<>(List.of("@" + file(COMMON), "@" + file(sizing.fileName())));
        options.addAll(additions);
        return options;
    }

    /**
     * The flags an app of this sizing runs with, as java reads the files (comments and blank lines
     * dropped), then the additions: what its {@code RuntimeMXBean} reports as input arguments.
     */
    public List<String> read(Sizing sizing) {
        List<String> flags = new ArrayList<>(argumentFile(file(COMMON)));
        flags.addAll(argumentFile(file(sizing.fileName())));
        flags.addAll(additions);
        return flags;
    }

    private Path file(String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no JVM flags file " + file + " (the lab's flags live in "
                    + DIRECTORY + " of the repository)");
        }
        return file;
    }

    /**
     * The options of one java argument file, read the way the java launcher does for the files we
     * write: whitespace separates options, a {@code #} that starts a word comments out the rest of
     * the line. (The launcher's full syntax also has quotes and escapes; our files use neither,
     * which {@code JvmFlagsTest} checks against what a real JVM reports.)
     */
    static List<String> argumentFile(Path file) {
        try {
            List<String> options = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                for (String word : line.trim().split("\\s+")) {
                    if (word.startsWith("#")) {
                        break;
                    }
                    if (!word.isEmpty()) {
                        options.add(word);
                    }
                }
            }
            return options;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
