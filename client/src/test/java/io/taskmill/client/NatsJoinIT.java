package io.taskmill.client;

/** The join contract on the machine's NATS JetStream. */
class NatsJoinIT extends RemoteJoinContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.nats();
    }
}
