package io.taskmill.client;

import io.taskmill.transport.Topology;

/** Periodic schedules on the machine's RabbitMQ, claims ordered by the schedule stream. */
class RabbitScheduleIT extends ScheduleContract {

    @Override
    String broker() {
        return RemoteBroker.rabbitmq().uri();
    }

    @Override
    void cleanUp(Topology topology) {
        RemoteBroker.rabbitmq().cleanUp(topology);
    }
}
