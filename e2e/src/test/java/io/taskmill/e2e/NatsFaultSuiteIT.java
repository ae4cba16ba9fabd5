package io.taskmill.e2e;

import java.nio.file.Path;

/**
 * The fault contract on NATS JetStream: a {@code nats-server} of the suite's own (Debian's
 * package), restarted and killed mid-batch. The table goes to
 * {@code target/nats-fault-suite.md}.
 */
class NatsFaultSuiteIT extends FaultContract {

    @Override
    protected FaultyBroker startBroker() throws Exception {
        return NatsFaultBroker.alone(Path.of("target", "e2e-logs").toAbsolutePath());
    }

    @Override
    protected String tableFile() {
        return "nats-fault-suite.md";
    }
}
