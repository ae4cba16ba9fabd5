package io.taskmill.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Consumer JVMs the harness starts, as a user would, from the packaged jar. */
final class Consumers implements AutoCloseable {

    /** Flags tuned for a consumer of small tasks, for the in-process parts; the README's way uses the launcher's. */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xss256k");
    private static final Duration START_PATIENCE = Duration.ofMinutes(5);
    private static final double SLOW_START_SECONDS = 10;

    private final Path jar;
    private final String broker;
    private final String prefix;
    private final Path logs;
    private final List<Process> processes = new ArrayList<>();

    Consumers(Path jar, String broker, String prefix, Path logs) {
        this.jar = jar;
        this.broker = broker;
        this.prefix = prefix;
        this.logs = logs;
    }

    /** Starts one consumer, tuned for small tasks, and returns once it logged its start line. */
    Process start(int concurrency, int prefetch) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toString(), "--broker", broker, "--prefix", prefix, "--concurrency",
                Integer.toString(concurrency), "--prefetch", Integer.toString(prefetch)));
        return started(new ProcessBuilder(command));
    }

    /** Starts one consumer as the README does: its launcher, no options but the broker. */
    Process startAsUsersDo() throws IOException, InterruptedException {
        return startAsUsersDo(List.of());
    }

    /** As {@link #startAsUsersDo()}, with these options beside the broker (say, the README's --concurrency). */
    Process startAsUsersDo(List<String> options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--broker", broker, "--prefix", prefix));
        args.addAll(options);
        return started(Launchers.consumer(jar, args));
    }

    private Process started(ProcessBuilder command) throws IOException, InterruptedException {
        Path log = logs.resolve(prefix + "-" + processes.size() + ".log");
        Files.createDirectories(logs);
        Process process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        long began = System.nanoTime();
        // Long enough for a cluster that makes a replicated stream and consumer for every lane of every partition
        // (on three NATS nodes, 76 of each with 4 partitions): a slow start is reported, not fatal.
        long deadline = began + START_PATIENCE.toNanos();
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("started worker")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("consumer did not start within " + START_PATIENCE.toSeconds() + " s: "
                        + Files.readString(log));
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        if (seconds > SLOW_START_SECONDS) {
            System.err.printf("bench: a consumer of %s took %.1f s to start%n", prefix, seconds);
        }
        return process;
    }

    /** Starts a consumer without waiting: for measuring start-up itself. */
    Process launch(int concurrency) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(javaBin()));
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-jar", jar.toString(), "--broker", broker, "--prefix", prefix, "--concurrency",
                Integer.toString(concurrency)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(prefix + "-launched.log").toFile()).start();
        processes.add(process);
        return process;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
