package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.security.MessageSigning;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Transport;
import io.taskmill.transport.Transports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer process that runs signed tasks only, on the machine's RabbitMQ. Somebody with
 * access to the broker but not the key publishes into a batch a task under a key of their
 * own, an unsigned one and a signed one they altered, and claims, unsigned, that one of them
 * succeeded: the consumer dead-letters all three with reason {@code signature}, and
 * {@code taskmill join} counts them failed. Keys rotate while it runs: the consumer holds the
 * old key and the new, and producers signing with either are served.
 */
class SignedTasksIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aConsumerRequiringSignaturesRunsSignedTasksAndDeadLettersEveryOther() throws Exception {
        String oldKey = "k1 " + secret();
        String newKey = "k2 " + secret();
        Path oldKeys = Files.writeString(dir.resolve("old.keys"), oldKey + "\n");
        // Rotation, first step: every consumer verifies the new key while it still signs with the old one.
        Path consumerKeys = Files.writeString(dir.resolve("consumer.keys"), oldKey + "\n" + newKey + "\n");
        // Second step, producers first: the new key signs.
        Path newKeys = Files.writeString(dir.resolve("new.keys"), newKey + "\n" + oldKey + "\n");
        Path foreignKeys = Files.writeString(dir.resolve("mallory.keys"), "k1-forged " + secret() + "\n");

        try (Deployment deployment = new Deployment("signed-tasks")) {
            ConsumerProcess consumer = deployment.startConsumer("signed", "--signing-key-file",
                    consumerKeys.toString(), "--require-signed", "--concurrency", "2");
            assertThat(consumer.output()).contains("running signed tasks only");

            TaskCodec producer = new TaskCodec(MessageSigning.of(oldKeys, false));
            TaskCodec forger = new TaskCodec(MessageSigning.of(foreignKeys, false));
            TaskCodec unsigned = new TaskCodec();
            String batch = BatchId.create(Instant.now());
            try (Transport transport = Transports.open(BrokerAddress.parse(deployment.broker()),
                    deployment.topology())) {
                transport.log(Logs.EVENTS).append(producer.encode(BatchOpened.of(batch, System.currentTimeMillis()))).join();
                for (int seq = 0; seq < 10; seq++) {
                    publish(transport, producer.encode(task(producer, batch, seq)), batch, seq);
                }
                publish(transport, forger.encode(task(forger, batch, 10)), batch, 10);
                publish(transport, unsigned.encode(task(unsigned, batch, 11)), batch, 11);
                byte[] altered = producer.encode(task(producer, batch, 12));
                altered[altered.length - 3] ^= 1;
                publish(transport, altered, batch, 12);
                transport.log(Logs.EVENTS).append(unsigned.encode(CompletionEvent.succeeded(new TaskId(batch, 11), null, 1,
                        "mallory", 1, System.currentTimeMillis()))).join();
                transport.log(Logs.EVENTS).append(producer.encode(BatchSealed.of(batch, 13, System.currentTimeMillis())))
                        .join();
            }

            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(1), "join", batch, "--json",
                    "--signing-key-file", oldKeys.toString(), "--require-signed");
            assertThat(join.exitCode()).as(join.err()).isEqualTo(1);
            JsonNode summary = JSON.readTree(last(join.out()));
            assertThat(summary.get("succeeded").asLong()).isEqualTo(10);
            assertThat(summary.get("failed").asLong()).isEqualTo(3);
            assertThat(join.err()).contains("unsigned message");

            CliProcess.Result dead = deployment.cli("dlq", Duration.ofSeconds(30), "dlq", "list", "--json");
            Map<String, String> errorClasses = new TreeMap<>();
            for (String line : dead.out().strip().split("\n")) {
                JsonNode letter = JSON.readTree(line);
                assertThat(letter.get("reason").asText()).isEqualTo("signature");
                errorClasses.put(letter.get("id").asText(), letter.get("errorClass").asText());
            }
            assertThat(errorClasses).containsExactlyInAnyOrderEntriesOf(Map.of(
                    batch + ":10", "UnknownSigningKey",
                    batch + ":11", "Unsigned",
                    batch + ":12", "BadSignature"));

            CliProcess.Result rotated = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "noop",
                    "--payload", "{}", "--join", "--json", "--signing-key-file", newKeys.toString(),
                    "--require-signed");
            assertThat(rotated.exitCode()).as(rotated.err()).isZero();
            assertThat(JSON.readTree(last(rotated.out())).get("succeeded").asLong()).isEqualTo(1);

            // A producer holding only a key the consumer lacks, not requiring signatures: the consumer refuses its
            // task and reports it failed under its own key, which the producer's join counts (it waited out its
            // timeout before: the failure under a key it did not hold was skipped).
            CliProcess.Result stranger = deployment.cli("submit", Duration.ofMinutes(2), "submit", "--type", "noop",
                    "--payload", "{}", "--join", "--json", "--timeout", "60s", "--signing-key-file",
                    foreignKeys.toString());
            assertThat(stranger.exitCode()).as(stranger.err()).isEqualTo(1);
            JsonNode strangerSummary = JSON.readTree(last(stranger.out()));
            assertThat(strangerSummary.get("failed").asLong()).isEqualTo(1);
            assertThat(strangerSummary.get("timedOut").asBoolean()).isFalse();
        }
    }

    private static TaskEnvelope task(TaskCodec codec, String batch, long seq) throws Exception {
        return TaskEnvelope.create(new TaskId(batch, seq), "count", codec.mapper().readTree("{\"n\": 3}"), 60_000,
                System.currentTimeMillis());
    }

    private static void publish(Transport transport, byte[] message, String batch, long seq) {
        transport.workQueue("default").publish(message, batch + ":" + seq).join();
    }

    private static String secret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }

    private static String last(String out) {
        return out.strip().lines().reduce((first, next) -> next).orElseThrow();
    }
}
