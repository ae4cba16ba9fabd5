package io.taskmill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.task.CompletionEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Task outcomes as JSON lines, in the order tasks became final. Lines are written as
 * results arrive, on a transport thread that must not throw: the first failed write is
 * kept and raised by {@link #close()}, so a full disk fails the command instead of
 * leaving a short file behind an exit 0.
 */
final class ResultsFile implements Consumer<CompletionEvent>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code --results} takes for standard output, as {@code --payloads -} is standard input. */
    static final Path STANDARD_OUTPUT = Path.of("-");

    private final String name;
    private final Writer writer;
    private final boolean owned;
    private IOException failure;

    private ResultsFile(String name, Writer writer, boolean owned) {
        this.name = name;
        this.writer = writer;
        this.owned = owned;
    }

    /** To {@code path}, or to {@code out} for {@link #STANDARD_OUTPUT}, left open for what the command prints next. */
    static ResultsFile create(Path path, PrintWriter out) {
        if (path.equals(STANDARD_OUTPUT)) {
            return new ResultsFile("standard output", out, false);
        }
        try {
            return new ResultsFile(path.toString(), Files.newBufferedWriter(path, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new OutputException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void accept(CompletionEvent event) {
        if (failure != null) {
            return;
        }
        ObjectNode line = JSON.createObjectNode()
                .put("id", event.id())
                .put("status", event.status().name().toLowerCase(Locale.ROOT));
        if (event.error() != null) {
            line.put("error", event.error());
        } else {
            line.set("result", event.result());
        }
        if (event.trace() != null) {
            line.put("trace", event.trace());
        }
        try {
            writer.write(line.toString());
            writer.write(System.lineSeparator());
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (owned) {
                writer.close();
            } else {
                writer.flush();
                if (writer instanceof PrintWriter out && out.checkError()) {
                    throw new IOException("the stream was closed");
                }
            }
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new OutputException("cannot write " + name + ": " + failure.getMessage()
                    + " (the results are incomplete)", failure);
        }
    }
}
