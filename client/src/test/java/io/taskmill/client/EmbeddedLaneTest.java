package io.taskmill.client;

/** Priorities and fair sharing on the in-JVM transport. */
class EmbeddedLaneTest extends LaneContract {

    EmbeddedLaneTest() {
        super(RemoteBroker.embedded("lanes"));
    }
}
