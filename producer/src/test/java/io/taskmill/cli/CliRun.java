package io.taskmill.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code taskmill} command line, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        CliRun run = writingTo(new PrintWriter(out, true), args);
        return new CliRun(run.exitCode(), out.toString(), run.err());
    }

    /** A run whose standard output goes to {@code out} (its {@link #out()} is then empty). */
    static CliRun writingTo(PrintWriter out, String... args) {
        StringWriter err = new StringWriter();
        var commandLine = TaskmillMain.commandLine(args);
        commandLine.setOut(out);
        commandLine.setErr(new PrintWriter(err, true));
        int code = TaskmillMain.execute(commandLine, args);
        return new CliRun(code, "", err.toString());
    }
}
