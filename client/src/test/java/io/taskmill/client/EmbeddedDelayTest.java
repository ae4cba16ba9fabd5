package io.taskmill.client;

/** Delayed tasks on the in-JVM transport. */
class EmbeddedDelayTest extends DelayContract {

    EmbeddedDelayTest() {
        super(RemoteBroker.embedded("delay"));
    }
}
