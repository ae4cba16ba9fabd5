package io.taskmill.client;

/** The join contract on the machine's Redis. */
class RedisJoinIT extends RemoteJoinContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.redis();
    }
}
