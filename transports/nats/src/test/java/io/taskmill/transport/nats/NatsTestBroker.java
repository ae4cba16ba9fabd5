package io.taskmill.transport.nats;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;
import java.time.Duration;

/**
 * The NATS server that tests use: {@code TASKMILL_TEST_NATS}, the machine's server at
 * 127.0.0.1:4222 by default. Tests name their streams under a prefix of their own and
 * delete them afterwards, so that the shared server is left as it was found.
 */
public final class NatsTestBroker {

    private NatsTestBroker() {
    }

    public static String uri() {
        String fromEnv = System.getenv("TASKMILL_TEST_NATS");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "nats://127.0.0.1:4222";
    }

    /** The stream a work queue of a topology lives in, for tests that delete it under a fleet. */
    public static String workStream(Topology topology, String queue) {
        return new NatsNames(topology).workStream(queue, 0);
    }

    /** The stream a log of a topology lives in. */
    public static String logStream(Topology topology, LogSpec log) {
        return new NatsNames(topology).logStream(log);
    }

    /**
     * Deletes every stream of a topology (work queues, dead letters, both logs), asking again for
     * up to a minute: a cluster just healed from a fault leaves some requests unanswered while its
     * servers elect leaders again.
     */
    public static void deleteStreams(String uri, Topology topology) {
        String prefix = new NatsNames(topology).streamPrefix();
        try (Connection connection = Nats.connect(uri.replaceFirst("\\?.*$", ""))) {
            JetStreamManagement management = connection.jetStreamManagement();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> {
                        for (String stream : management.getStreamNames()) {
                            if (stream.startsWith(prefix)) {
                                management.deleteStream(stream);
                            }
                        }
                        return true;
                    });
        } catch (Exception e) {
            throw new IllegalStateException("could not clean up test streams under " + prefix, e);
        }
    }
}
