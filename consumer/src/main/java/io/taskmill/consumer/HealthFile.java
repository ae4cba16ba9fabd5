package io.taskmill.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Touches a file every few seconds while the worker is healthy, so that a container
 * HEALTHCHECK can test the file's age with the shell alone: no HTTP client, no second JVM.
 */
final class HealthFile implements AutoCloseable {

    static final long INTERVAL_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(HealthFile.class);

    private final Path path;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "taskmill-health");
        thread.setDaemon(true);
        return thread;
    });

    HealthFile(Path path, BooleanSupplier healthy) {
        this.path = path;
        timer.scheduleAtFixedRate(() -> {
            if (healthy.getAsBoolean()) {
                touch();
            }
        }, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private void touch() {
        try {
            if (!Files.exists(path)) {
                Files.createFile(path);
            }
            Files.setLastModifiedTime(path, FileTime.from(Instant.now()));
        } catch (IOException e) {
            LOG.warn("cannot touch health file {}: {}", path, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("health file {} not removed: {}", path, e.getMessage());
        }
    }
}
