package io.taskmill.client;

/** Periodic schedules on the machine's RabbitMQ, claims ordered by the schedule stream. */
class RabbitScheduleIT extends ScheduleContract {

    RabbitScheduleIT() {
        super(RemoteBroker.rabbitmq());
    }
}
