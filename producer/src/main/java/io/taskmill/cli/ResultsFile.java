package io.taskmill.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.task.CompletionEvent;
import java.io.BufferedWriter;
import java.io.IOException;
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

    private final Path path;
    private final BufferedWriter writer;
    private IOException failure;

    private ResultsFile(Path path, BufferedWriter writer) {
        this.path = path;
        this.writer = writer;
    }

    static ResultsFile create(Path path) {
        try {
            return new ResultsFile(path, Files.newBufferedWriter(path, StandardCharsets.UTF_8));
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
            writer.newLine();
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw new OutputException("cannot write " + path + ": " + failure.getMessage()
                    + " (the results file is incomplete)", failure);
        }
    }
}
