package io.taskmill.client;

/** A fleet-wide rate limit on the in-JVM transport: three workers in one process. */
class EmbeddedRateTest extends RateContract {

    private final String broker = "mem://rate-" + java.util.UUID.randomUUID();

    @Override
    String broker() {
        return broker;
    }
}
