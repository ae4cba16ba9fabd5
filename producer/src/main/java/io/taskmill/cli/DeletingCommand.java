package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that deletes from the broker: asked first on a terminal unless --yes, its outcome one JSON object. */
abstract class DeletingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = {"-y", "--yes"}, description = "Do not ask, even on a terminal.")
    boolean yes;

    @Option(names = "--json", description = JsonOutput.OBJECT)
    boolean json;

    @Override
    public Integer call() {
        try (TaskmillClient client = CliClient.connect(broker.remote(), err())) {
            return delete(client);
        }
    }

    abstract int delete(TaskmillClient client);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
