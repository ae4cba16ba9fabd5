package io.taskmill.client;

/** Batch callbacks on the machine's Redis: two workers, proposals ordered by the control log. */
class RedisCallbackIT extends CallbackContract {

    RedisCallbackIT() {
        super(RemoteBroker.redis());
    }
}
