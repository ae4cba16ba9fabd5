package io.taskmill.e2e;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Waits whose condition runs a CLI process. */
final class CliAwait {

    private CliAwait() {
    }

    /**
     * Polled in the test's own thread: Awaitility's default polls in a thread of its own,
     * which a timed-out wait leaves running, and a CLI started there then outlives the test
     * and declares again the logs of the deployment the test deleted.
     */
    static ConditionFactory await() {
        return Awaitility.await().pollInSameThread();
    }
}
