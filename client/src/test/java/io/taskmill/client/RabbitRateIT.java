package io.taskmill.client;

import io.taskmill.transport.Topology;

/** A fleet-wide rate limit on the machine's RabbitMQ, the fleet known from the presence log. */
class RabbitRateIT extends RateContract {

    @Override
    String broker() {
        return RemoteBroker.rabbitmq().uri();
    }

    @Override
    void cleanUp(Topology topology) {
        RemoteBroker.rabbitmq().cleanUp(topology);
    }
}
