package io.taskmill.client;

/** The delay contract on the machine's NATS JetStream. */
class NatsDelayIT extends DelayContract {

    NatsDelayIT() {
        super(RemoteBroker.nats());
    }
}
