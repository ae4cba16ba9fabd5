package io.taskmill.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
     * Lines written as they come, to stdout or to a temporary file beside the target that
     * {@link #commit()} moves into place, so a reader never sees half a file. Only a regular
     * file is replaced: a device, a pipe, a directory or a link stays as it is and the write
     * is refused. Written from a transport thread, which must not throw: the first failed
     * write is kept and raised by {@link #commit()}.
     */
    static final class Sink implements AutoCloseable {

        private final Path target;
        private final Path temp;
        private final Writer writer;
        private IOException failure;

        private Sink(Path target, Path temp, Writer writer) {
            this.target = target;
            this.temp = temp;
            this.writer = writer;
        }

        /** Into {@code target}, once committed. */
        static Sink replacing(Path target) {
            Path absolute = target.toAbsolutePath();
            requireReplaceable(absolute);
            try {
                Path temp = Files.createTempFile(absolute.getParent(), ".taskmill-", ".tmp");
                return new Sink(absolute, temp, Files.newBufferedWriter(temp, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new OutputException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }

        /** Onto a stream the caller owns (stdout): commit flushes it, close leaves it open. */
        static Sink onto(Writer out) {
            return new Sink(null, null, out);
        }

        synchronized void write(Line line) {
            if (failure != null) {
                return;
            }
            try {
                writer.write(format(line));
            } catch (IOException e) {
                failure = e;
            }
        }

        /** Every line written is in place: the file moved, or the stream flushed. */
        synchronized void commit() {
            try {
                if (failure != null) {
                    throw failure;
                }
                if (temp == null) {
                    writer.flush();
                    return;
                }
                writer.close();
                requireReplaceable(target);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new OutputException("cannot write " + (target == null ? "the digests" : target) + ": "
                        + e.getMessage(), e);
            }
        }

        /** Drops the temporary file if it was never moved. */
        @Override
        public synchronized void close() {
            if (temp == null) {
                return;
            }
            try {
                writer.close();
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // Nothing was promised of a file not committed.
            }
        }
    }
}
