package io.taskmill.client;

/** Periodic schedules on the machine's Redis, claims ordered by the schedule stream. */
class RedisScheduleIT extends ScheduleContract {

    RedisScheduleIT() {
        super(RemoteBroker.redis());
    }
}
