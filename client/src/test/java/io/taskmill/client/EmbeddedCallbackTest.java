package io.taskmill.client;

/** Batch callbacks on the in-JVM transport: two workers in one process. */
class EmbeddedCallbackTest extends CallbackContract {

    EmbeddedCallbackTest() {
        super(RemoteBroker.embedded("callbacks"));
    }
}
