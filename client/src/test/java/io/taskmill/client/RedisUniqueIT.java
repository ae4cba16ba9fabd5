package io.taskmill.client;

/** Unique keys on the machine's Redis, claims ordered by the unique-key log. */
class RedisUniqueIT extends RemoteUniqueContract {

    RedisUniqueIT() {
        super(RemoteBroker.redis());
    }
}
