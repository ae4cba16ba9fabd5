package io.taskmill.cli;

import io.taskmill.coordinator.BatchExpiredException;
import io.taskmill.coordinator.NoSuchBatchException;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.TransportException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code taskmill}: submit, join and inspect batches of tasks. */
@Command(name = "taskmill", mixinStandardHelpOptions = true, version = "taskmill 0.1.0",
        description = "A distributed task queue: multiprocessing's JoinableQueue across machines.",
        subcommands = {SubmitCommand.class, JoinCommand.class, DigestCommand.class, CountCommand.class,
                StatusCommand.class, WorkersCommand.class, DashboardCommand.class, DlqCommand.class, CancelCommand.class, ScheduleCommand.class, CommandLine.HelpCommand.class})
public final class TaskmillMain implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: submit, join, digest, count, status, dlq, cancel, "
                + "schedule or help");
    }

    public static void main(String[] args) {
        System.exit(execute(commandLine(), args));
    }

    /**
     * Runs a command and then checks that everything it printed was written: a full disk or a
     * closed pipe on stdout is a failed run, never an exit 0 with the output lost.
     */
    static int execute(CommandLine commandLine, String... args) {
        int code = commandLine.execute(args);
        PrintWriter out = commandLine.getOut();
        out.flush();
        if (out.checkError()) {
            commandLine.getErr().println("taskmill: cannot write to standard output (disk full or pipe closed): "
                    + "the output is incomplete");
            return ExitCodes.OUTPUT_FAILED;
        }
        return code;
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new TaskmillMain());
        commandLine.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("taskmill: " + e.getMessage() + suggestions(e) + " (see "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return ExitCodes.BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("taskmill: " + oneLine(e));
            return exitCodeOf(e);
        });
        return commandLine;
    }

    /** Picocli's guesses at a mistyped option or command, kept on the error's one line. */
    private static String suggestions(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }

    static int exitCodeOf(Exception e) {
        if (e instanceof BrokerUnavailableException) {
            return ExitCodes.BROKER_UNAVAILABLE;
        }
        if (e instanceof BatchExpiredException) {
            return ExitCodes.EXPIRED;
        }
        if (e instanceof NoSuchBatchException) {
            return ExitCodes.NOT_FOUND;
        }
        if (e instanceof OutputException) {
            return ExitCodes.OUTPUT_FAILED;
        }
        if (e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                || e instanceof UnsupportedOperationException) {
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof TransportException) {
            return ExitCodes.BROKER_UNAVAILABLE;
        }
        return ExitCodes.INTERNAL;
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
