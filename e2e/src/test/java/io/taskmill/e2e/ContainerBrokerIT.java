package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.testing.TestBroker;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportContractTest;
import io.taskmill.transport.Transports;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/** The transport contract on a broker in a container (Testcontainers), the image users run. */
class ContainerBrokerIT extends TransportContractTest {

    private static RabbitMQContainer broker;

    @BeforeAll
    static void startBroker() {
        DockerRequirement.require("ContainerBrokerIT");
        broker = ContainerBroker.create();
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Override
    protected Transport open(Topology topology) {
        return Transports.open(BrokerAddress.parse(ContainerBroker.uri(broker)), topology);
    }

    @Override
    protected String uri() {
        return ContainerBroker.uri(broker);
    }

    @Override
    protected void cleanUp(Topology topology) {
        TestBroker.deleteQueues(ContainerBroker.uri(broker), topology, List.of(QUEUE));
    }

    @Test
    void theContainerIsTheBrokerUnderTest() {
        assertThat(broker.isRunning()).isTrue();
        assertThat(ContainerBroker.uri(broker)).doesNotEndWith(":5672");
    }
}
