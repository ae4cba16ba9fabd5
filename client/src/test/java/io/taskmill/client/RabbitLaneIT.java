package io.taskmill.client;

import io.taskmill.transport.Topology;

/** Priorities and fair sharing on the machine's RabbitMQ: a queue per lane. */
class RabbitLaneIT extends LaneContract {

    @Override
    String broker() {
        return RemoteBroker.rabbitmq().uri();
    }

    @Override
    void cleanUp(Topology topology) {
        RemoteBroker.rabbitmq().cleanUp(topology);
    }
}
