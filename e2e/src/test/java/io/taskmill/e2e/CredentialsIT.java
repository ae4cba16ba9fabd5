package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.testing.TestBroker;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker user of its own whose password only a file holds, as the README runs the fleet:
 * the consumer and the CLI connect with it, and no process shows it.
 */
class CredentialsIT {

    @TempDir
    Path dir;

    @Test
    void aPasswordFromAFileConnectsAndNeverShowsOnACommandLine() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String user = "taskmill-it-" + suffix;
        String password = "pw-" + UUID.randomUUID();
        BrokerAddress machine = TestBroker.address();
        Topology topology = TestBroker.uniqueTopology();
        rabbitmqctl("add_user", user, password);
        try {
            rabbitmqctl("set_permissions", "-p", "/", user, ".*", ".*", ".*");
            Path file = Files.writeString(dir.resolve("password"), password + "\n");
            String uri = "amqp://" + user + "@" + machine.uri().getHost() + ":" + machine.uri().getPort();
            Path logs = dir.resolve("logs");
            try (ConsumerProcess consumer = ConsumerProcess.start(uri, topology.prefix(), logs.resolve("consumer.log"),
                    Map.of("TASKMILL_BROKER_PASSWORD_FILE", file.toString()), "--concurrency", "1")) {
                assertThat(consumer.jvmArguments()).noneMatch(argument -> argument.contains(password));
                assertThat(Files.readString(Path.of("/proc/" + consumer.pid() + "/cmdline"))).doesNotContain(password);

                CliProcess.Result run = CliProcess.run(logs, "submit", Duration.ofMinutes(1), "submit", "--type",
                        "noop", "--payload", "{}", "--join", "--json", "--broker", uri, "--prefix", topology.prefix(),
                        "--broker-password-file", file.toString());
                assertThat(run.exitCode()).as(run.err()).isZero();
                assertThat(new ObjectMapper().readTree(run.out().strip().lines().reduce((first, last) -> last).orElseThrow()).get("succeeded").asLong()).isEqualTo(1);
                assertThat(run.err()).doesNotContain("warning").doesNotContain(password);
                assertThat(consumer.output()).contains("started worker").doesNotContain(password);
            }
        } finally {
            TestBroker.deleteQueues(TestBroker.uri(), topology, List.of(Topology.DEFAULT_QUEUE));
            rabbitmqctl("delete_user", user);
        }
    }

    /** The broker's own administration tool, for a user of the test's own. */
    private static void rabbitmqctl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + args[0] + " failed: " + out);
        }
    }
}
