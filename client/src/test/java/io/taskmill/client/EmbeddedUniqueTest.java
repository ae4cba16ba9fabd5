package io.taskmill.client;

/** Unique keys on the in-JVM transport: four clients in one process. */
class EmbeddedUniqueTest extends UniqueContract {

    EmbeddedUniqueTest() {
        super(RemoteBroker.embedded("unique"));
    }
}
