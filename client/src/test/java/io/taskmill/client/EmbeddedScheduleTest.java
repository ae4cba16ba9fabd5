package io.taskmill.client;

/** Periodic schedules on the in-JVM transport: three schedulers in one process. */
class EmbeddedScheduleTest extends ScheduleContract {

    EmbeddedScheduleTest() {
        super(RemoteBroker.embedded("schedule"));
    }
}
