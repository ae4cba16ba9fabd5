package io.taskmill.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Writes digests in the format {@code sha512sum -c} checks, escaping names as GNU coreutils does. */
final class Sha512SumFile {

    record Line(String hex, String name) {
    }

    private Sha512SumFile() {
    }

    /** Checked before any work starts, and again just before the move. */
    static void requireReplaceable(Path target) {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("refusing to replace " + target
                    + ": it is not a regular file (give a new or regular file to --output, or leave it out for stdout)");
        }
        if (!Files.isDirectory(target.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("no such directory for --output: " + target.toAbsolutePath().getParent());
        }
    }

    static String format(Line line) {
        boolean escape = line.name().indexOf('\\') >= 0 || line.name().indexOf('\n') >= 0
                || line.name().indexOf('\r') >= 0;
        String name = escape
                ? line.name().replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
                : line.name();
        return (escape ? "\\" : "") + line.hex() + "  " + name + "\n";
    }

    /**
     * Writes to a temporary file beside {@code target} and moves it into place, so a reader
     * never sees half a file. Only a regular file is replaced: a device, a pipe, a directory
     * or a link stays as it is and the write is refused.
     */
    static void write(Path target, List<Line> lines) {
        Path absolute = target.toAbsolutePath();
        requireReplaceable(absolute);
        try {
            Path temp = Files.createTempFile(absolute.getParent(), ".taskmill-", ".tmp");
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                for (Line line : lines) {
                    writer.write(format(line));
                }
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OutputException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
