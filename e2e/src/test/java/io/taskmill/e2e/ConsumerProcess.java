package io.taskmill.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code taskmill-consumer} JVM, its output in a log file. */
final class ConsumerProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started worker (\\S+) on");

    private final Process process;
    private final Path log;
    private volatile boolean killed;

    private ConsumerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts a consumer the README's way, through {@code bin/taskmill-consumer}, and waits for its start line. */
    static ConsumerProcess start(String broker, String prefix, Path log, String... extra) throws IOException {
        return start(broker, prefix, log, Map.of(), extra);
    }

    /**
     * Starts a consumer with extra environment variables and waits for its start line. Through
     * the launcher, with its JVM settings and class-data archive: the end-to-end suites start
     * over a hundred consumers on two cores, and what each start costs is every suite's time.
     */
    static ConsumerProcess start(String broker, String prefix, Path log, Map<String, String> env, String... extra)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Jars.consumerLauncher().toString()));
        command.addAll(List.of("--broker", broker, "--prefix", prefix));
        command.addAll(List.of(extra));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("TASKMILL_CONSUMER_JAR", Jars.consumer().toString());
        builder.environment().put("JAVA", Jars.java());
        Process process = builder.start();
        ConsumerProcess consumer = new ConsumerProcess(process, log);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.output().contains("started worker")
                || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("consumer exited at start: " + consumer.output());
        }
        return consumer;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The JVM's arguments, as the operating system sees them. */
    List<String> jvmArguments() {
        return List.of(process.info().arguments().orElse(new String[0]));
    }

    boolean alive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Its threads now, for a test that reports why work it held did not finish. */
    String threads() {
        return ThreadDump.of(process);
    }

    /** Whether the test killed it with -9: what it ran and had not reported may run again elsewhere. */
    boolean killed() {
        return killed;
    }

    /** The worker id it logged at start, as its tasks see it ({@code TaskContext.worker()}). */
    String workerId() throws IOException {
        Matcher started = STARTED.matcher(output());
        if (!started.find()) {
            throw new IllegalStateException("no 'started worker' line in " + log);
        }
        return started.group(1);
    }

    /** {@code kill -9}: no drain, no acks; the broker redelivers what it held. */
    void kill() throws InterruptedException {
        killed = true;
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** {@code kill -TERM} and the exit code once it has drained. */
    int terminate(Duration within) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("consumer did not stop within " + within);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
