package io.taskmill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.task.TaskCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads task payloads: one JSON object per line, in two passes, neither holding more than a
 * line: the first checks every line before anything is published, so a bad line loses
 * nothing and leaves no half-submitted batch; the second reads them again to publish.
 */
final class PayloadReader {

    /** A payload and the length of the text it was read from, which bounds what it encodes to. */
    record Payload(JsonNode json, int chars) {
    }

    private final ObjectMapper mapper;

    PayloadReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    JsonNode parseOne(String json, String where) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": a payload must be a JSON object, like {\"n\": 10}");
        }
        try {
            TaskCodec.checkPayload(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        return node;
    }

    /**
     * Checks every line of a file (of standard input when {@code source} is {@code -}) and
     * counts the payloads, holding none of them: a bad line is an error before anything is
     * published. Standard input cannot be read twice, so it is first copied to a temporary
     * file, which {@link Checked#close()} deletes.
     */
    Checked check(String source) {
        boolean temporary = "-".equals(source);
        Path file = temporary ? spool() : Path.of(source);
        try {
            long[] count = {0};
            forEachLine(file, source, (line, where) -> {
                parseOne(line, where);
                count[0]++;
            });
            return new Checked(file, source, count[0], temporary);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteQuietly(file);
            }
            throw e;
        }
    }

    /** The payloads of a checked file, one at a time, in order. */
    void forEach(Checked checked, Consumer<Payload> each) {
        forEachLine(checked.file(), checked.source(), (line, where) ->
                each.accept(new Payload(parseOne(line, where), line.length())));
    }

    private static void forEachLine(Path file, String source, java.util.function.BiConsumer<String, String> each) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                number++;
                if (!line.isBlank()) {
                    each.accept(line, source + " line " + number);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + source);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(source + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static Path spool() {
        Path file = null;
        try {
            file = Files.createTempFile("taskmill-stdin-", ".jsonl");
            file.toFile().deleteOnExit();
            try (var out = Files.newOutputStream(file)) {
                System.in.transferTo(out);
            }
            return file;
        } catch (IOException e) {
            if (file != null) {
                deleteQuietly(file);
            }
            throw new UncheckedIOException("cannot keep standard input in a temporary file ("
                    + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // deleteOnExit still has it.
        }
    }

    /**
     * A file whose every line is a valid payload.
     *
     * @param count     how many payloads it holds
     * @param temporary whether it is a copy of standard input, deleted on close
     */
    record Checked(Path file, String source, long count, boolean temporary) implements AutoCloseable {
        @Override
        public void close() {
            if (temporary) {
                deleteQuietly(file);
            }
        }
    }
}
