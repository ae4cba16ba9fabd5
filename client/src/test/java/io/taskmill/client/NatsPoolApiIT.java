package io.taskmill.client;

/** The Pool API on the machine's NATS JetStream. */
class NatsPoolApiIT extends RemotePoolApiContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.nats();
    }
}
