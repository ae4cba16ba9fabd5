package io.taskmill.client;

/** Unique keys on the machine's NATS JetStream, claims ordered by the unique-key log. */
class NatsUniqueIT extends UniqueContract {

    NatsUniqueIT() {
        super(RemoteBroker.nats());
    }
}
