package io.taskmill.client;

/** Delayed tasks on the in-JVM transport. */
class EmbeddedDelayTest extends DelayContract {

    private final String broker = "mem://delay-" + java.util.UUID.randomUUID();

    @Override
    String broker() {
        return broker;
    }
}
