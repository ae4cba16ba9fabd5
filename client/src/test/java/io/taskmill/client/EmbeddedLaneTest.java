package io.taskmill.client;

/** Priorities and fair sharing on the in-JVM transport. */
class EmbeddedLaneTest extends LaneContract {

    private final String broker = "mem://lanes-" + java.util.UUID.randomUUID();

    @Override
    String broker() {
        return broker;
    }
}
