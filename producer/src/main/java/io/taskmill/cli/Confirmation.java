package io.taskmill.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A yes-or-no question before a command that cannot be undone, asked only of a person at
 * a terminal: a script (no terminal) goes ahead as it asked, as with {@code --yes}.
 */
final class Confirmation {

    private Confirmation() {
    }

    /** Whether to go ahead: asked on the process's terminal when it has one. */
    static boolean granted(String question, boolean yes) {
        Console console = System.console();
        return yes || !terminal(console) || ask(new BufferedReader(console.reader()), console.writer(), question);
    }

    /**
     * Before Java 22 a process has a console only on a terminal; from 22 on it may have one
     * without (its stdin a pipe), and only {@code Console.isTerminal()}, not in Java 17, tells.
     */
    private static boolean terminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Asks {@code question}; only {@code y} or {@code yes} (any case) grants it, and an end of input does not. */
    static boolean ask(BufferedReader in, PrintWriter prompt, String question) {
        prompt.print(question + " [y/N] ");
        prompt.flush();
        try {
            String answer = in.readLine();
            return answer != null && switch (answer.strip().toLowerCase(Locale.ROOT)) {
                case "y", "yes" -> true;
                default -> false;
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer: " + e.getMessage(), e);
        }
    }
}
