package io.taskmill.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code taskmill} CLI as a process of its own, started the README's way: {@code bin/taskmill}. */
final class CliProcess {

    record Result(int exitCode, String out, String err) {
    }

    private CliProcess() {
    }

    static Process start(Path logDir, String name, String... args) throws IOException {
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>(List.of(Jars.cliLauncher().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logDir.resolve(name + ".out").toFile())
                .redirectError(logDir.resolve(name + ".err").toFile());
        builder.environment().put("TASKMILL_CLI_JAR", Jars.cli().toString());
        builder.environment().put("JAVA", Jars.java());
        return builder.start();
    }

    static Result run(Path logDir, String name, Duration timeout, String... args) throws Exception {
        Process process = start(logDir, name, args);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("taskmill " + String.join(" ", args) + " did not end within " + timeout);
        }
        return new Result(process.exitValue(),
                Files.readString(logDir.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(logDir.resolve(name + ".err"), StandardCharsets.UTF_8));
    }
}
