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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads task payloads: one JSON object per line, in two passes, neither holding more than a
 * line: the first checks every line before anything is published — that it is a payload and
 * that it fits a message once encoded — so a bad line loses nothing and leaves no
 * half-submitted batch; the second reads them again to publish.
 */
final class PayloadReader {

    /**
     * No JSON value encodes to more than this many bytes per character of its text: a
     * character is at most three bytes of UTF-8, and a number re-written by Jackson grows at
     * most from three characters ({@code 1e6}) to nine ({@code 1000000.0}). Lines this short
     * fit without being encoded; longer ones are measured.
     */
    private static final int MAX_BYTES_PER_CHAR = 8;

    /** A payload and the length of the text it was read from, which bounds what it encodes to. */
    record Payload(JsonNode json, int chars) {
    }

    private final ObjectMapper mapper;
    private final long maxPayloadBytes;

    /**
     * @param maxPayloadBytes the most a payload may encode to: what a message may hold less the
     *                        envelope around it
     */
    PayloadReader(ObjectMapper mapper, long maxPayloadBytes) {
        this.mapper = mapper;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Where and what, in the text's own terms: Jackson's message can quote its source's
     * location ({@code [Source: REDACTED (`StreamReadFeature...` disabled); line: 1, column: 1]}),
     * which says nothing to a user.
     */
    static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source: .*?; line: \\d+, "
                + "column: (\\d+)\\]\\)", " (opened at column $1)").replaceAll("\\s*at \\[Source: .*?\\]", "");
        return (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()) + " (" + message + ")";
    }

    JsonNode parseOne(String json, String where) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON" + problem(e));
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": a payload must be a JSON object, like {\"n\": 10}");
        }
        try {
            TaskCodec.checkPayload(node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        if ((long) MAX_BYTES_PER_CHAR * json.length() > maxPayloadBytes) {
            long bytes = encodedSize(node);
            if (bytes > maxPayloadBytes) {
                throw new IllegalArgumentException(where + ": the payload encodes to " + bytes
                        + " bytes, over the " + maxPayloadBytes + " a task's message leaves for it");
            }
        }
        return node;
    }

    private long encodedSize(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode a payload: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Checks every line of a file (of standard input when {@code source} is {@code -}) and
     * counts the payloads, holding none of them: a bad line is an error before anything is
     * published. Standard input, a pipe ({@code <(...)}) or a FIFO cannot be read twice, so
     * what is not a regular file is first copied to a temporary file, which
     * {@link Checked#close()} deletes.
     */
    Checked check(String source) {
        boolean temporary = "-".equals(source) || !isRegularFile(source);
        Path file = temporary ? spool(source) : Path.of(source);
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

    private static void forEachLine(Path file, String source, BiConsumer<String, String> each) {
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

    /** Whether {@code source} names a regular file (links followed); one that does not exist is an error here. */
    private static boolean isRegularFile(String source) {
        Path path = Path.of(source);
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(source + " is a directory, not a file of JSON lines");
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no such file: " + source);
        }
        return Files.isRegularFile(path);
    }

    private static Path spool(String source) {
        Path file = null;
        try {
            file = Files.createTempFile("taskmill-stdin-", ".jsonl");
            file.toFile().deleteOnExit();
            try (var out = Files.newOutputStream(file)) {
                if ("-".equals(source)) {
                    System.in.transferTo(out);
                } else {
                    try (var in = Files.newInputStream(Path.of(source))) {
                        in.transferTo(out);
                    }
                }
            }
            return file;
        } catch (IOException e) {
            if (file != null) {
                deleteQuietly(file);
            }
            throw new UncheckedIOException("cannot keep " + ("-".equals(source) ? "standard input" : source)
                    + " in a temporary file (" + System.getProperty("java.io.tmpdir") + "): " + e.getMessage(), e);
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
