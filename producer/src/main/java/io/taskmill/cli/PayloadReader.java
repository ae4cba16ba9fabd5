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
import java.util.ArrayList;
import java.util.List;

/**
 * Reads task payloads: one JSON object per line. Everything is read and checked before
 * anything is published, so a bad line loses nothing and leaves no half-submitted batch.
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
        try {
            JsonNode node = mapper.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(where + ": a payload must be a JSON object, like {\"n\": 10}");
            }
            TaskCodec.checkPayload(node);
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** Payloads from a file, or from standard input when {@code source} is {@code -}. */
    List<Payload> readLines(String source) {
        try (BufferedReader reader = "-".equals(source)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(source), StandardCharsets.UTF_8)) {
            List<Payload> payloads = new ArrayList<>();
            int number = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                number++;
                if (!line.isBlank()) {
                    payloads.add(new Payload(parseOne(line, source + " line " + number), line.length()));
                }
            }
            return payloads;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
