package io.taskmill.e2e;

import java.nio.file.Path;

/**
 * The fault contract on Redis: a {@code redis-server} of the suite's own (Debian's package)
 * with its append-only file, restarted, killed and cut off from its clients mid-batch. The
 * table goes to {@code target/redis-fault-suite.md}.
 */
class RedisFaultSuiteIT extends FaultContract {

    @Override
    protected FaultyBroker startBroker() throws Exception {
        return new RedisFaultBroker(Path.of("target", "e2e-logs").toAbsolutePath());
    }

    @Override
    protected String tableFile() {
        return "redis-fault-suite.md";
    }
}
