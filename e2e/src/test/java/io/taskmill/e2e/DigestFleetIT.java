package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.testing.TestBroker;
import io.taskmill.transport.nats.NatsTestBroker;
import io.taskmill.transport.redis.RedisTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lecture's digest on each broker with two consumer processes, as the README shows it. */
class DigestFleetIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"rabbitmq", "nats", "redis"})
    void twoConsumersDigestADirectoryThatSha512sumVerifies(String broker) throws Exception {
        Path tree = dir.resolve("tree");
        int files = 400;
        Random random = new Random(42);
        for (int i = 0; i < files; i++) {
            Path file = tree.resolve("d" + (i % 7)).resolve("file-" + i + ".bin");
            Files.createDirectories(file.getParent());
            byte[] content = new byte[random.nextInt(50_000)];
            random.nextBytes(content);
            Files.write(file, content);
        }
        Path output = dir.resolve("tree.sha512");

        String uri = switch (broker) {
            case "nats" -> NatsTestBroker.uri();
            case "redis" -> RedisTestBroker.uri();
            default -> TestBroker.uri();
        };
        try (Deployment deployment = new Deployment("digest-" + broker, uri)) {
            // The README's way: the launcher, with the JVM settings the figures are measured with.
            ConsumerProcess first = deployment.startConsumer("consumer-1", "--concurrency", "2");
            deployment.startConsumer("consumer-2", "--concurrency", "2");
            assertThat(first.jvmArguments()).contains("-XX:+UseSerialGC", "-Xmx128m");

            CliProcess.Result digest = deployment.cli("digest", Duration.ofMinutes(3),
                    "digest", tree.toString(), "--output", output.toString(), "--json", "--chunk", "1");
            assertThat(digest.exitCode()).as(digest.err()).isZero();
            assertThat(Files.readAllLines(output)).hasSize(files);
            assertThat(sha512sumCheck(output)).isZero();

            String batch = JSON.readTree(digest.out()).get("batch").asText();
            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(1), "join", batch, "--json");
            assertThat(join.exitCode()).as(join.err()).isZero();
            JsonNode summary = JSON.readTree(join.out());
            assertThat(summary.get("total").asLong()).isEqualTo(files);
            assertThat(summary.get("succeeded").asLong()).isEqualTo(files);
            assertThat(summary.get("perWorker").size()).as("both consumers did work").isEqualTo(2);
        }
    }

    private static int sha512sumCheck(Path output) throws Exception {
        Process check = new ProcessBuilder("sha512sum", "-c", "--strict", "--quiet", output.toString())
                .redirectErrorStream(true).start();
        String text = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check.waitFor(60, TimeUnit.SECONDS);
        assertThat(text).isEmpty();
        return check.exitValue();
    }
}
