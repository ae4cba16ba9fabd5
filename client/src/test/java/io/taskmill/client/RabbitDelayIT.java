package io.taskmill.client;

import io.taskmill.transport.Topology;

/** Delayed tasks on the machine's RabbitMQ, through the delay ladder. */
class RabbitDelayIT extends DelayContract {

    @Override
    String broker() {
        return RemoteBroker.rabbitmq().uri();
    }

    @Override
    void cleanUp(Topology topology) {
        RemoteBroker.rabbitmq().cleanUp(topology);
    }
}
