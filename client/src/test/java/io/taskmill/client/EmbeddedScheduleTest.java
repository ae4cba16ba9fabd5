package io.taskmill.client;

/** Periodic schedules on the in-JVM transport: three schedulers in one process. */
class EmbeddedScheduleTest extends ScheduleContract {

    private final String broker = "mem://schedule-" + java.util.UUID.randomUUID();

    @Override
    String broker() {
        return broker;
    }
}
