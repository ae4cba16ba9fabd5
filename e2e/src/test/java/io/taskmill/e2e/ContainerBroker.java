package io.taskmill.e2e;

import org.testcontainers.rabbitmq.RabbitMQContainer;
import org.testcontainers.utility.DockerImageName;

/** A RabbitMQ of a suite's own, in a container. */
final class ContainerBroker {

    private ContainerBroker() {
    }

    static RabbitMQContainer create() {
        return new RabbitMQContainer(DockerImageName.parse(DockerRequirement.rabbitmqImage())
                .asCompatibleSubstituteFor("rabbitmq"));
    }

    static String uri(RabbitMQContainer container) {
        return "amqp://guest:guest@" + container.getHost() + ":" + container.getAmqpPort();
    }
}
