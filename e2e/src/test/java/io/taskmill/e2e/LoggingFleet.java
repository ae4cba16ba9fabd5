package io.taskmill.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Consumers of a deployment that load the fault task types ({@code work}, {@code double},
 * {@code upto}, {@code tally}, {@code fail}, ...) and write every execution to one log: what
 * really ran, where, for tests that count executions.
 */
final class LoggingFleet {

    private final Deployment deployment;
    private final Path plugins;
    private final Path executions;

    /** @param dir where the plugin directory goes */
    LoggingFleet(Deployment deployment, Path dir) throws IOException {
        this.deployment = deployment;
        this.plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Jars.faultTasks(), plugins.resolve("fault-tasks.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(deployment.logDir());
        this.executions = deployment.logDir().resolve("executions.log");
    }

    ConsumerProcess start(String name, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("--plugins", plugins.toString()));
        args.addAll(List.of(extra));
        return deployment.startConsumer(name, Map.of("TASKMILL_FAULT_LOG", executions.toString()),
                args.toArray(String[]::new));
    }

    /** Every execution so far, {@code taskId worker attempt} a line. */
    List<String> executions() throws IOException {
        return Files.exists(executions) ? Files.readAllLines(executions) : List.of();
    }
}
