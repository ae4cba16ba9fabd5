package io.taskmill.client;

/** The rate contract on the machine's NATS JetStream. */
class NatsRateIT extends RateContract {

    NatsRateIT() {
        super(RemoteBroker.nats());
    }
}
