package io.taskmill.cli;

import io.taskmill.coordinator.BatchExpiredException;
import io.taskmill.coordinator.NoSuchBatchException;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.TransportException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** {@code taskmill}: submit, join and inspect batches of tasks. */
@Command(name = "taskmill", mixinStandardHelpOptions = true, version = "taskmill 0.1.0",
        description = "A distributed task queue: multiprocessing's JoinableQueue across machines.")
public final class TaskmillMain implements Runnable {

    private static final List<Class<?>> COMMANDS = List.of(SubmitCommand.class, JoinCommand.class,
            DigestCommand.class, CountCommand.class, StatusCommand.class, WorkersCommand.class, DashboardCommand.class,
            DlqCommand.class, CancelCommand.class, RunCommand.class, WorkflowCommand.class, ScheduleCommand.class, QueueCommand.class, DeploymentCommand.class,
            CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<String> names = COMMANDS.stream().map(TaskmillMain::nameOf).toList();
        throw new ParameterException(spec.commandLine(), "missing command: "
                + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
    }

    public static void main(String[] args) {
        System.exit(execute(commandLine(args), args));
    }

    /**
     * Runs a command and then checks that everything it printed was written: a full disk or a
     * closed pipe on stdout is a failed run, never an exit 0 with the output lost.
     */
    static int execute(CommandLine commandLine, String... args) {
        int code = nestedHelp(commandLine, args).orElseGet(() -> commandLine.execute(args));
        PrintWriter out = commandLine.getOut();
        out.flush();
        if (out.checkError()) {
            commandLine.getErr().println("taskmill: cannot write to standard output (disk full or pipe closed): "
                    + "the output is incomplete");
            return ExitCodes.OUTPUT_FAILED;
        }
        return code;
    }

    /**
     * {@code help dlq list}: picocli's help command takes one command's name, and printed the
     * group's help for it; this prints the help of the command the names lead to.
     */
    private static Optional<Integer> nestedHelp(CommandLine commandLine, String... args) {
        if (args.length < 3 || !args[0].equals("help")) {
            return Optional.empty();
        }
        CommandLine target = commandLine;
        for (String name : List.of(args).subList(1, args.length)) {
            target = target.getSubcommands().get(name);
            if (target == null) {
                return Optional.empty();
            }
        }
        target.usage(commandLine.getOut());
        return Optional.of(ExitCodes.OK);
    }

    /** Every command: for help, and for what takes them all (the docs). */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: when they start with a command (other than help),
     * only that command is built. Picocli reads every command's options and their types when
     * it builds it, and building all of them took a fifth of a short command's start-up.
     */
    static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new TaskmillMain());
        String asked = args.length > 0 && !args[0].equals("help") ? args[0] : null;
        List<Class<?>> named = COMMANDS.stream().filter(command -> nameOf(command).equals(asked)).toList();
        for (Class<?> command : named.isEmpty() ? COMMANDS : named) {
            commandLine.addSubcommand(command);
        }
        CommandDocs.apply(commandLine);
        commandLine.setParameterExceptionHandler((e, unused) -> {
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

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
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
