package io.taskmill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The processes of one peer's run: its workers, started as its users start them, and its driver. */
final class PeerProcesses implements AutoCloseable {

    private static final long READY_SECONDS = 120;

    private final Path directory;
    private final Path logs;
    private final String name;
    private final Map<String, String> environment;
    private final List<Process> workers = new ArrayList<>();

    /** @param directory where the peer's scripts are, and where its commands run */
    PeerProcesses(Path directory, Path logs, String name, Map<String, String> environment) {
        this.directory = directory;
        this.logs = logs;
        this.name = name;
        this.environment = environment;
    }

    /** Starts a worker and returns once its log holds {@code readyLine}: the peer's own word that it consumes. */
    void startWorker(List<String> command, String readyLine) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-worker-" + workers.size() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process worker = builder.start();
        workers.add(worker);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(readyLine)) {
            if (!worker.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " worker did not get ready: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    /** Runs the peer's driver to its end and returns its standard output's lines. */
    List<String> run(List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(logs.resolve(name + "-driver.log").toFile());
        builder.environment().putAll(environment);
        Process driver = builder.start();
        String out = new String(driver.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (driver.waitFor() != 0) {
            throw new IllegalStateException(name + ": " + String.join(" ", command) + " exited " + driver.exitValue()
                    + ", see " + logs.resolve(name + "-driver.log"));
        }
        return out.lines().filter(line -> !line.isBlank()).toList();
    }

    /** Resident memory of every worker process and its children (a prefork pool's), summed. */
    long rssBytes() throws IOException {
        long total = 0;
        for (Process worker : workers) {
            for (ProcessHandle process : Stream.concat(Stream.of(worker.toHandle()), worker.descendants()).toList()) {
                total += Rss.of(process.pid());
            }
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process worker : workers) {
            worker.destroy();
        }
        for (Process worker : workers) {
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
    }
}
