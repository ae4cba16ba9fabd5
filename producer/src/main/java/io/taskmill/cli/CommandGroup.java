package io.taskmill.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command made of commands: run alone, it names them. */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<String> names = List.copyOf(spec.subcommands().keySet());
        String last = names.get(names.size() - 1);
        throw new ParameterException(spec.commandLine(), "missing command: " + (names.size() == 1 ? last
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + last));
    }
}
