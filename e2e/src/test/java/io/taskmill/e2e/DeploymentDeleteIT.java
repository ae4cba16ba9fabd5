package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.taskmill.transport.nats.NatsTestBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code taskmill queue delete} and {@code deployment delete} remove what a deployment
 * declared, as the broker itself lists it afterwards, and say when there is nothing left.
 */
class DeploymentDeleteIT {

    private static final Duration RUN = Duration.ofMinutes(1);

    @Test
    void onRabbitMqNothingOfTheDeploymentIsLeftAsRabbitmqctlListsIt() throws Exception {
        try (Deployment deployment = new Deployment("delete-rabbit")) {
            CliProcess.Result none = deployment.cli("queue-delete-none", RUN, "queue", "delete", "--queue", "never");
            assertThat(none.exitCode()).isEqualTo(66);
            assertThat(none.err()).contains("taskmill: nothing of queue never on ");
            String prefix = deployment.topology().prefix() + ".";
            use(deployment);
            assertThat(rabbitmqctl("list_queues")).anyMatch(name -> name.startsWith(prefix));

            CliProcess.Result queue = deployment.cli("queue-delete", RUN, "queue", "delete", "--queue", "spare");
            assertThat(queue.exitCode()).as(queue.err()).isZero();
            assertThat(queue.out()).contains("queue " + prefix + "spare").contains("queue " + prefix + "spare.dlq")
                    .doesNotContain(prefix + "default");
            assertThat(rabbitmqctl("list_queues")).noneMatch(name -> name.startsWith(prefix + "spare"))
                    .anyMatch(name -> name.equals(prefix + "default"));

            deleteAll(deployment);
            assertThat(rabbitmqctl("list_queues")).noneMatch(name -> name.startsWith(prefix));
            assertThat(rabbitmqctl("list_exchanges")).noneMatch(name -> name.startsWith(prefix));
        }
    }

    @Test
    void onNatsEveryStreamOfThePrefixGoesTheQueuesNotNamedToo() throws Exception {
        try (Deployment deployment = new Deployment("delete-nats", NatsTestBroker.uri())) {
            use(deployment);
            String prefix = deployment.topology().prefix().replace('.', '_') + "_";
            assertThat(streams()).contains(prefix + "work_spare", prefix + "dlq_spare", prefix + "work_default");

            deleteAll(deployment);
            assertThat(streams()).noneMatch(name -> name.startsWith(prefix));
        }
    }

    /** A batch run on the default queue by a consumer, now stopped, and a task left on a queue nobody consumes. */
    private static void use(Deployment deployment) throws Exception {
        ConsumerProcess consumer = deployment.startConsumer("worker");
        CliProcess.Result ran = deployment.cli("submit", RUN, "submit", "--type", "noop", "--payload", "{}",
                "--join", "--quiet");
        assertThat(ran.exitCode()).as(ran.err()).isZero();
        CliProcess.Result spare = deployment.cli("submit-spare", RUN, "submit", "--type", "noop", "--payload", "{}",
                "--queue", "spare", "--quiet");
        assertThat(spare.exitCode()).as(spare.err()).isZero();
        assertThat(consumer.terminate(RUN)).isZero();
    }

    /** Not a terminal: no question. */
    private static void deleteAll(Deployment deployment) throws Exception {
        CliProcess.Result deleted = deployment.cli("deployment-delete", RUN, "deployment", "delete");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.err()).contains("taskmill: deleted ").doesNotContain("live worker");
    }

    private static List<String> rabbitmqctl(String list) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", "-q", list, "name").redirectErrorStream(true).start();
        List<String> names = new ArrayList<>(new String(process.getInputStream().readAllBytes()).lines().toList());
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("rabbitmqctl %s: %s", list, names).isZero();
        return names;
    }

    private static List<String> streams() throws Exception {
        try (Connection connection = Nats.connect(NatsTestBroker.uri())) {
            return connection.jetStreamManagement().getStreamNames();
        }
    }
}
