package io.taskmill.e2e;

import java.nio.file.Path;

/**
 * The fault contract on a three-server NATS cluster of the suite's own (every stream with
 * three copies, the URI listing the three): a restart and a kill -9 strike the server
 * leading the work queue's stream mid-batch, and the processes on it move to the others.
 * The table goes to {@code target/nats-cluster-fault-suite.md}.
 */
class NatsClusterFaultSuiteIT extends FaultContract {

    @Override
    protected FaultyBroker startBroker() throws Exception {
        return NatsFaultBroker.cluster(Path.of("target", "e2e-logs").toAbsolutePath(), 3);
    }

    @Override
    protected String tableFile() {
        return "nats-cluster-fault-suite.md";
    }
}
