package io.taskmill.client;

/** Unique keys on the machine's NATS JetStream, claims ordered by the unique-key log. */
class NatsUniqueIT extends RemoteUniqueContract {

    NatsUniqueIT() {
        super(RemoteBroker.nats());
    }
}
