package io.taskmill.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes digests in the format {@code sha512sum -c} checks, escaping names as GNU coreutils does. */
final class Sha512SumFile {

    record Line(String hex, String name) {
    }

    private Sha512SumFile() {
    }

    static String format(Line line) {
        boolean escape = line.name().indexOf('\\') >= 0 || line.name().indexOf('\n') >= 0
                || line.name().indexOf('\r') >= 0;
        String name = escape
                ? line.name().replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
                : line.name();
        return (escape ? "\\" : "") + line.hex() + "  " + name + "\n";
    }

    /** Writes to a temporary file beside {@code target} and moves it into place, so a reader never sees half a file. */
    static void write(Path target, List<Line> lines) {
        Path absolute = target.toAbsolutePath();
        try {
            Path temp = Files.createTempFile(absolute.getParent(), ".taskmill-", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                for (Line line : lines) {
                    writer.write(format(line));
                }
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
