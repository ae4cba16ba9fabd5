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
 * {@code completion}. The distribution's build runs it:
 * {@code java -cp taskmill.jar io.taskmill.cli.CliDocs DIR}.
 */
public final class CliDocs {

    private CliDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CliDocs OUTPUT_DIR");
            System.exit(ExitCodes.BAD_INPUT);
        }
        for (Path file : write(TaskmillMain.commandLine(), Path.of(args[0]))) {
            System.out.println(file);
        }
    }

    static List<Path> write(CommandLine root, Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        writeAll(root, Files.createDirectories(directory.resolve("man").resolve("man1")), files);
        Path completion = Files.createDirectories(directory.resolve("completion")).resolve("taskmill.bash");
        Files.writeString(completion, AutoComplete.bash("taskmill", root), StandardCharsets.UTF_8);
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
                .append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
        roff.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(command.getHelp().synopsis(0).strip())).append("\n.fi\n");
        if (!spec.positionalParameters().isEmpty()) {
            roff.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                roff.append(".TP\n.I ").append(escape(parameter.paramLabel())).append('\n')
                        .append(escape(String.join(" ", parameter.description()))).append('\n');
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
                    .append(escape(String.join(" ", line.getCommandSpec().usageMessage().description()))).append('\n'));
        }
        roff.append(".SH EXIT STATUS\n0 done; 1 some task failed; 2 timed out; 3 cancelled; 64 bad input; "
                + "66 missing or unknown batch; 69 broker unavailable; 70 internal error; 74 output could not be "
                + "written.\n");
        roff.append(".SH SEE ALSO\n").append(spec.parent() == null ? "taskmill-consumer(1)" : "taskmill(1)").append('\n');
        return roff.toString();
    }

    /** The description with picocli's default-value placeholders filled in, as --help shows it. */
    private static String describe(OptionSpec option) {
        String description = String.join(" ", option.description());
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
