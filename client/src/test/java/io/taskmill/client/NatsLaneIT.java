package io.taskmill.client;

/** Priorities and fair sharing on the machine's NATS JetStream: a stream per lane. */
class NatsLaneIT extends LaneContract {

    NatsLaneIT() {
        super(RemoteBroker.nats());
    }
}
