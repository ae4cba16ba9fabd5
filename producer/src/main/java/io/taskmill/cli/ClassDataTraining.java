package io.taskmill.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The build's training run for the CLI's class-data archive ({@code taskmill.jsa}): a
 * command, then the loading of the classes that a command on a broker needs and a build
 * cannot run (it has no broker): Taskmill's own and the RabbitMQ, NATS and Redis clients'. The
 * archive holds what the run loaded, already parsed and verified, so a {@code join} on
 * RabbitMQ no longer reads about 800 classes out of the jar at each start. Classes are
 * loaded, not initialised: nothing of them runs.
 */
public final class ClassDataTraining {

    private static final List<String> BROKER_PACKAGES = List.of("io/taskmill/", "com/rabbitmq/client/",
            "io/nats/client/", "io/lettuce/core/");

    private ClassDataTraining() {
    }

    /** @param args a taskmill command, run as the CLI runs it; its exit code is this run's */
    public static void main(String[] args) throws IOException, URISyntaxException {
        int code = TaskmillMain.execute(TaskmillMain.commandLine(args), args);
        if (code == 0) {
            load(Path.of(ClassDataTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        System.exit(code);
    }

    private static void load(Path jar) throws IOException {
        ClassLoader loader = ClassDataTraining.class.getClassLoader();
        try (JarFile classes = new JarFile(jar.toFile())) {
            for (JarEntry entry : classes.stream().toList()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")
                        && BROKER_PACKAGES.stream().anyMatch(name::startsWith)) {
                    try {
                        Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                                loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // A class of an optional dependency that is not here: a command never loads it either.
                    }
                }
            }
        }
    }
}
