package io.taskmill.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the CLI's documentation for a distribution from the same model that prints
 * {@code --help}, so they cannot disagree: a man page (roff, section 1) for {@code taskmill}
 * and each of its commands under {@code man/man1}, and a bash completion script under
 * {@code completion}; the same for other programs named by their command class, which the
 * build uses for the consumer. The distribution's build runs it:
 * {@code java -cp taskmill.jar:taskmill-consumer.jar io.taskmill.cli.CliDocs DIR io.taskmill.consumer.ConsumerMain}.
 */
public final class CliDocs {

    private CliDocs() {
    }

    /** The environment every program reads beside its options'. */
    private static final List<String> ENVIRONMENT = List.of(
            "TASKMILL_BROKER_PASSWORD:the broker's password, when neither the URI nor a password file has it",
            "TASKMILL_LOG_LEVEL:logging on stderr: warn (default), info or debug",
            "TASKMILL_JAVA_OPTS:the JVM flags the launcher passes, in place of its own",
            "JAVA:the java the launcher runs (else JAVA_HOME's, else the PATH's)");

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CliDocs OUTPUT_DIR [COMMAND_CLASS...]");
            System.exit(ExitCodes.BAD_INPUT);
        }
        Path directory = Path.of(args[0]);
        List<CommandLine> programs = new ArrayList<>(List.of(TaskmillMain.commandLine()));
        for (int i = 1; i < args.length; i++) {
            programs.add(new CommandLine(Class.forName(args[i]).getDeclaredConstructor().newInstance()));
        }
        for (CommandLine program : programs) {
            for (Path file : write(program, directory)) {
                System.out.println(file);
            }
        }
    }

    static List<Path> write(CommandLine root, Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        writeAll(root, Files.createDirectories(directory.resolve("man").resolve("man1")), files);
        String program = root.getCommandSpec().name();
        Path completion = Files.createDirectories(directory.resolve("completion")).resolve(program + ".bash");
        Files.writeString(completion, AutoComplete.bash(program, root), StandardCharsets.UTF_8);
        files.add(completion);
        return files;
    }

    private static void writeAll(CommandLine command, Path directory, List<Path> pages) throws IOException {
        CommandSpec spec = command.getCommandSpec();
        Path page = directory.resolve(spec.qualifiedName("-") + ".1");
        Files.writeString(page, page(command), StandardCharsets.UTF_8);
        pages.add(page);
        for (CommandLine sub : command.getSubcommands().values()) {
            if (!sub.getCommandSpec().name().equals("help") && !sub.getCommandSpec().usageMessage().hidden()) {
                writeAll(sub, directory, pages);
            }
        }
    }

    static String page(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        String name = spec.qualifiedName("-");
        StringBuilder roff = new StringBuilder();
        roff.append(".TH \"").append(name.toUpperCase()).append("\" \"1\" \"\" \"")
                .append(escape(String.join(" ", spec.version()))).append("\" \"Taskmill Manual\"\n");
        roff.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(text(spec.usageMessage().description()))).append('\n');
        roff.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(command.getHelp().synopsis(0).strip())).append("\n.fi\n");
        if (!spec.positionalParameters().isEmpty()) {
            roff.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                roff.append(".TP\n.I ").append(escape(parameter.paramLabel())).append('\n')
                        .append(escape(text(parameter.description()))).append('\n');
            }
        }
        roff.append(".SH OPTIONS\n");
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            roff.append(".TP\n.B ").append(escape(String.join(", ", option.names())));
            if (option.arity().max() > 0) {
                roff.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            roff.append('\n').append(escape(describe(option))).append('\n');
        }
        if (!command.getSubcommands().isEmpty()) {
            roff.append(".SH COMMANDS\n");
            command.getSubcommands().forEach((sub, line) -> roff.append(".TP\n.B ").append(escape(sub)).append('\n')
                    .append(escape(text(line.getCommandSpec().usageMessage().description()))).append('\n'));
        }
        roff.append(".SH EXIT STATUS\n");
        spec.usageMessage().exitCodeList().forEach((code, meaning) ->
                roff.append(".TP\n.B ").append(code.strip()).append('\n').append(escape(text(meaning))).append('\n'));
        roff.append(".SH ENVIRONMENT\n");
        environment(spec).forEach(line -> roff.append(".TP\n.B ").append(line, 0, line.indexOf(':')).append('\n')
                .append(escape(line.substring(line.indexOf(':') + 1))).append('\n'));
        roff.append(".SH EXAMPLES\n.nf\n");
        for (String example : spec.usageMessage().footer()) {
            roff.append(escape(text(new String[] {example}).strip())).append('\n');
        }
        roff.append(".fi\n.SH SEE ALSO\n").append(escape(seeAlso(command))).append('\n');
        return roff.toString();
    }

    /** Picocli's text as --help prints it: format line breaks ({@code %n}) as line breaks, lines joined. */
    static String text(String... lines) {
        return String.join(" ", lines).replace("%n", "\n").replace("%%", "%");
    }

    /** Each option's environment variable (from its default, {@code ${env:NAME...}}), then every program's. */
    private static List<String> environment(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        // Defaults as written, ${env:NAME:-fallback}, not as this machine's environment fills them in.
        boolean interpolating = spec.interpolateVariables();
        spec.interpolateVariables(false);
        spec.mixins().values().forEach(mixin -> mixin.interpolateVariables(false));
        try {
            for (OptionSpec option : spec.options()) {
                String fallback = option.defaultValue();
                if (fallback != null && fallback.startsWith("${env:")) {
                    String variable = fallback.substring("${env:".length()).split("[:}]", 2)[0];
                    lines.add(variable + ":the default of " + option.longestName());
                }
            }
        } finally {
            spec.interpolateVariables(interpolating);
            spec.mixins().values().forEach(mixin -> mixin.interpolateVariables(interpolating));
        }
        lines.addAll(ENVIRONMENT);
        return lines.stream().distinct().toList();
    }

    /** A command's program and its siblings' pages: what a reader goes to next. */
    private static String seeAlso(CommandLine command) {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        List<String> pages = new ArrayList<>();
        if (root != command) {
            pages.add(root.getCommandSpec().name() + "(1)");
        }
        root.getSubcommands().values().stream().filter(sub -> sub != command && !sub.getCommandSpec().name().equals("help"))
                .forEach(sub -> pages.add(sub.getCommandSpec().qualifiedName("-") + "(1)"));
        pages.add(root.getCommandSpec().name().equals("taskmill") ? "taskmill-consumer(1)" : "taskmill(1)");
        return String.join(", ", pages);
    }

    /** The description with picocli's default-value placeholders filled in, as --help shows it. */
    private static String describe(OptionSpec option) {
        String description = text(option.description());
        String defaultValue = option.defaultValueString();
        return description.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue);
    }

    /** Roff-safe text: backslashes, and a dot or quote that would start a request at a line's start. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
