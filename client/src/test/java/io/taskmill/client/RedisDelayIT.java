package io.taskmill.client;

/** Delayed tasks on the machine's Redis, waiting in a sorted set scored by the server's time. */
class RedisDelayIT extends DelayContract {

    RedisDelayIT() {
        super(RemoteBroker.redis());
    }
}
