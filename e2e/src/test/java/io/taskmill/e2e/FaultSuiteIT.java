package io.taskmill.e2e;

/**
 * The fault contract on RabbitMQ: a broker of the suite's own in a container (never the
 * machine's), restarted, killed and alarmed with {@code rabbitmqctl} and Docker. The table
 * goes to {@code target/fault-suite.md}.
 */
class FaultSuiteIT extends FaultContract {

    @Override
    protected FaultyBroker startBroker() throws Exception {
        DockerRequirement.require("FaultSuiteIT");
        return FaultBroker.alone();
    }

    @Override
    protected String tableFile() {
        return "fault-suite.md";
    }
}
