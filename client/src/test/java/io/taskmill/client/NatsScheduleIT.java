package io.taskmill.client;

/** The schedule contract on the machine's NATS JetStream. */
class NatsScheduleIT extends ScheduleContract {

    NatsScheduleIT() {
        super(RemoteBroker.nats());
    }
}
