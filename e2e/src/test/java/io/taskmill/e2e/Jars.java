package io.taskmill.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The packaged jars under test; a missing one is a build-order error, reported as such. */
final class Jars {

    private Jars() {
    }

    static Path cli() {
        return existing("taskmill.jar");
    }

    static Path consumer() {
        return existing("taskmill.consumer.jar");
    }

    /** The README's way to run the CLI: {@code bin/taskmill}. */
    static Path cliLauncher() {
        return existing("taskmill.cli.launcher");
    }

    /** The README's way to start a consumer: {@code bin/taskmill-consumer}. */
    static Path consumerLauncher() {
        return existing("taskmill.consumer.launcher");
    }

    /** The distribution's zip, as a user downloads it. */
    static Path distribution() {
        return existing("taskmill.dist.zip");
    }

    static Path faultTasks() {
        return existing("taskmill.fault.jar");
    }

    static Path exampleTaskType() {
        return existing("taskmill.example.jar");
    }

    private static Path existing(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set: run through Maven (mvn verify)");
        }
        Path jar = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the producer and consumer first (mvn verify builds them)");
        }
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
