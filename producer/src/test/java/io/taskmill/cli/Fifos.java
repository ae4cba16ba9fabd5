package io.taskmill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Named pipes for tests of input that can be read only once, as {@code <(...)} gives. */
final class Fifos {

    private Fifos() {
    }

    static Path make(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (mkfifo.waitFor() != 0) {
            throw new IOException("mkfifo " + path + " exited " + mkfifo.exitValue());
        }
        return path;
    }

    /** Writes {@code lines} payloads {"n": i} into the pipe from a thread of its own, once a reader opens it. */
    static Thread write(Path fifo, int lines) {
        Thread writer = new Thread(() -> {
            try (var out = Files.newBufferedWriter(fifo, StandardCharsets.UTF_8)) {
                for (int i = 0; i < lines; i++) {
                    out.write("{\"n\": " + i + "}\n");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }
}
