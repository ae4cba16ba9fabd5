package io.taskmill.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The README's launchers, bin/taskmill and bin/taskmill-consumer, on the jars under test; run from the repository's root. */
final class Launchers {

    private static final Path BIN = Path.of("bin").toAbsolutePath();

    private Launchers() {
    }

    /** {@code bin/taskmill ARGS}, on {@code jar}, with the harness's java. */
    static ProcessBuilder cli(Path jar, List<String> args) {
        return launch("taskmill", "TASKMILL_CLI_JAR", jar, args);
    }

    /** {@code bin/taskmill-consumer ARGS}, on {@code jar}, with the harness's java. */
    static ProcessBuilder consumer(Path jar, List<String> args) {
        return launch("taskmill-consumer", "TASKMILL_CONSUMER_JAR", jar, args);
    }

    private static ProcessBuilder launch(String name, String jarVariable, Path jar, List<String> args) {
        List<String> command = new ArrayList<>(List.of(BIN.resolve(name).toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(jarVariable, jar.toString());
        builder.environment().put("JAVA", Consumers.javaBin());
        return builder;
    }
}
