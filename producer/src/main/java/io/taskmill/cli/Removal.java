package io.taskmill.cli;

import io.taskmill.client.TaskmillClient;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.transport.BrokerObject;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;

/**
 * Removing what a deployment or a queue left on the broker: listed first, asked on a
 * terminal, then deleted. Live workers are named, as they would declare it all again.
 *
 * @param workers the live fleet, as the caller read it from the presence log
 */
record Removal(TaskmillClient client, String what, Collection<String> queues, boolean whole,
               List<WorkerHeartbeat> workers) {

    int run(boolean yes, boolean json, PrintWriter out, PrintWriter err) {
        List<BrokerObject> objects = client.footprint(queues, whole);
        if (objects.isEmpty()) {
            err.println("taskmill: nothing of " + what + " on " + client.broker());
            return ExitCodes.NOT_FOUND;
        }
        if (!json) {
            objects.forEach(object -> out.println(object));
            out.flush();
        }
        List<WorkerHeartbeat> live = workers.stream()
                .filter(worker -> whole || queues.contains(worker.queue())).toList();
        if (!live.isEmpty()) {
            err.println("taskmill: " + Counted.of(live.size(), "live worker") + " still use " + what + " ("
                    + String.join(", ", live.stream().map(WorkerHeartbeat::worker).toList())
                    + "): they declare what they use again; stop them first");
        }
        if (!Confirmation.granted("delete " + Counted.of(objects.size(), "broker object") + " of " + what + " on "
                + client.broker() + ", with every task, dead letter and log entry in them?", yes)) {
            err.println("taskmill: nothing deleted");
            return ExitCodes.OK;
        }
        client.delete(objects);
        if (json) {
            var deleted = JsonOutput.object();
            deleted.putArray("deleted").addAll(objects.stream().map(JsonOutput::of).toList());
            JsonOutput.print(out, deleted);
        } else {
            err.println("taskmill: deleted " + Counted.of(objects.size(), "broker object") + " of " + what);
        }
        return ExitCodes.OK;
    }
}
