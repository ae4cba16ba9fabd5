package io.taskmill.client;

/** A fleet-wide rate limit on the machine's Redis, the fleet known from the presence log. */
class RedisRateIT extends RateContract {

    RedisRateIT() {
        super(RemoteBroker.redis());
    }
}
