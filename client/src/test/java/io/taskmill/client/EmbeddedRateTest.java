package io.taskmill.client;

/** A fleet-wide rate limit on the in-JVM transport: three workers in one process. */
class EmbeddedRateTest extends RateContract {

    EmbeddedRateTest() {
        super(RemoteBroker.embedded("rate"));
    }
}
