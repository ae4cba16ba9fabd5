package io.taskmill.client;

/** Priorities and fair sharing on the machine's Redis: a stream per lane. */
class RedisLaneIT extends LaneContract {

    RedisLaneIT() {
        super(RemoteBroker.redis());
    }
}
