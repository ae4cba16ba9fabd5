package io.taskmill.cli;

import io.taskmill.launch.ClassLoading;

/**
 * The build's training run for the CLI's class-data archive ({@code taskmill.jsa}): a
 * command, then the loading of the classes that a command on a broker needs and a build
 * cannot run (it has no broker): Taskmill's own and the RabbitMQ, NATS and Redis clients'. The
 * archive holds what the run loaded, already parsed and verified, so a {@code join} on
 * RabbitMQ no longer reads about 800 classes out of the jar at each start.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    /** @param args a taskmill command, run as the CLI runs it; its exit code is this run's */
    public static void main(String[] args) {
        int code = TaskmillMain.execute(TaskmillMain.commandLine(args), args);
        if (code == 0) {
            ClassLoading.loadPackages(ClassDataTraining.class, ClassLoading.BROKER_PACKAGES);
        }
        System.exit(code);
    }
}
