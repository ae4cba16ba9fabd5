package io.taskmill.client;

/** The Pool API on the machine's Redis. */
class RedisPoolApiIT extends RemotePoolApiContract {

    @Override
    RemoteBroker broker() {
        return RemoteBroker.redis();
    }
}
