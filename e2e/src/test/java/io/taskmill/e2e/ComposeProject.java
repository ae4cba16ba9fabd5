package io.taskmill.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docker-compose (v1 here, v2 elsewhere) driven over the repository's docker-compose.yml
 * and the override files given after it.
 */
final class ComposeProject implements AutoCloseable {

    record Result(int exitCode, String out, String err) {
    }

    private final String name;
    private final Path composeFile;
    private final List<String> overrides;
    private final Map<String, String> environment;
    private final Path logDir;

    ComposeProject(String name, Map<String, String> environment, Path logDir, String... overrides) {
        this.name = name;
        this.composeFile = Path.of(System.getProperty("taskmill.compose.file")).toAbsolutePath().normalize();
        this.overrides = List.of(overrides);
        this.environment = environment;
        this.logDir = logDir;
    }

    static List<String> composeCommand() {
        return commandWorks(List.of("docker-compose", "version")) ? List.of("docker-compose")
                : List.of("docker", "compose");
    }

    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        Process process = start(args);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("docker-compose " + String.join(" ", args) + " did not end within " + timeout);
        }
        return result(process, args);
    }

    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(composeCommand());
        command.addAll(List.of("-p", name, "-f", composeFile.toString()));
        for (String override : overrides) {
            command.addAll(List.of("-f", composeFile.resolveSibling(override).toString()));
        }
        command.addAll(List.of("--project-directory", composeFile.getParent().toString()));
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(log(args, "out").toFile())
                .redirectError(log(args, "err").toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    Result result(Process process, String... args) throws IOException {
        return new Result(process.exitValue(), Files.readString(log(args, "out"), StandardCharsets.UTF_8),
                Files.readString(log(args, "err"), StandardCharsets.UTF_8));
    }

    /** Ids of a service's running containers. */
    List<String> containers(String service) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(30), "ps", "-q", service).out().lines().filter(l -> !l.isBlank()).toList();
    }

    private Path log(String[] args, String stream) {
        return logDir.resolve(String.join("_", args).replaceAll("[^A-Za-z0-9_.-]", "") + "." + stream);
    }

    /** Always: containers, networks and volumes go, whatever the test did. */
    @Override
    public void close() throws IOException, InterruptedException {
        run(Duration.ofMinutes(3), "--profile", "dashboard", "down", "-v", "--remove-orphans");
    }

    static boolean commandWorks(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
