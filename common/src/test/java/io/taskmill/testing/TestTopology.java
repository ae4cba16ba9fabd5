package io.taskmill.testing;

import io.taskmill.transport.Topology;
import java.util.UUID;

/** Names for one test: a prefix no other test run uses, {@code taskmill.test-<random>}. */
public final class TestTopology {

    private TestTopology() {
    }

    public static Topology unique() {
        return new Topology("taskmill.test-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
