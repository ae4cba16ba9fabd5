package io.taskmill.client;

/** Batch callbacks on the machine's NATS JetStream: two workers, proposals ordered by the control log. */
class NatsCallbackIT extends CallbackContract {

    NatsCallbackIT() {
        super(RemoteBroker.nats());
    }
}
