package io.taskmill.client;

/** Leases on the machine's Redis, whose reclaim time a stalled worker stops renewing. */
class RedisLeaseIT extends LeaseContract {

    RedisLeaseIT() {
        super(RemoteBroker.redis());
    }
}
