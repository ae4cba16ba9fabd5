package io.taskmill.cli;

import io.taskmill.client.ClientOptions;
import io.taskmill.client.TaskmillClient;
import io.taskmill.transport.FlowListener;
import java.io.PrintWriter;

/** Connects the way every command does: with the broker's flow control said on stderr. */
final class CliClient {

    private CliClient() {
    }

    static TaskmillClient connect(ClientOptions options, PrintWriter err) {
        TaskmillClient client = TaskmillClient.connect(options);
        client.onFlowControl(new FlowListener() {
            @Override
            public void blocked(String reason) {
                err.println("taskmill: the broker paused publishing (" + reason + "): waiting for it to resume");
            }

            @Override
            public void unblocked() {
                err.println("taskmill: the broker resumed publishing");
            }
        });
        return client;
    }
}
