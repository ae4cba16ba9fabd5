package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fleet as users deploy it: docker-compose.yml built and brought up with three
 * consumers, the producer job run against a known directory, one consumer stopped mid-batch.
 */
class ComposeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeConsumersDigestADirectoryAndAStoppedOneLosesNothing() throws Exception {
        DockerRequirement.require("ComposeIT");
        String id = UUID.randomUUID().toString().substring(0, 8);
        // Under target/, not a private temp dir: the containers' user must be able to read it.
        Path work = Path.of("target", "compose-" + id).toAbsolutePath();
        Path input = work.resolve("input");
        Path output = Files.createDirectories(work.resolve("output"));
        int files = writeTree(input, 300);

        Map<String, String> env = new HashMap<>();
        env.put("TASKMILL_INPUT", input.toString());
        env.put("TASKMILL_OUTPUT", output.toString());
        env.put("TASKMILL_UID", uid());
        env.put("TASKMILL_GID", uid());
        env.put("TASKMILL_PREFETCH", "4");
        try (ComposeProject compose = new ComposeProject("taskmill-it-" + id, env, work.resolve("logs"))) {
            assertThat(compose.run(Duration.ofMinutes(10), "build").exitCode()).isZero();
            ComposeProject.Result up = compose.run(Duration.ofMinutes(5), "up", "-d", "--scale", "consumer=3",
                    "rabbitmq", "consumer");
            assertThat(up.exitCode()).as(up.err()).isZero();
            List<String> consumers = compose.containers("consumer");
            assertThat(consumers).hasSize(3);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> allHealthy(consumers));

            ComposeProject.Result digest = compose.run(Duration.ofMinutes(5), "run", "--rm", "-T", "producer",
                    "digest", ".", "--output", "/out/digest.sha512", "--json", "--quiet");
            assertThat(digest.exitCode()).as(digest.err()).isZero();
            JsonNode summary = lastJsonLine(digest.out());
            assertThat(summary.get("succeeded").asLong()).isEqualTo(files);
            assertThat(summary.get("perWorker").size()).as("more than one consumer did work").isGreaterThan(1);
            assertThat(Files.readAllLines(output.resolve("digest.sha512"))).hasSize(files);
            assertThat(sha512sumCheck(input, output.resolve("digest.sha512"))).isZero();

            String[] count = {"run", "--rm", "-T", "producer", "count", "--n", "30000000", "--tasks", "400",
                    "--json", "--quiet"};
            Process batch = compose.start(count);
            // Mid-batch is a state, not a time: tasks still waiting in the queue while others are held means
            // every consumer's window is full, so the one stopped has tasks in hand.
            String rabbitmq = compose.containers("rabbitmq").get(0);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> midBatch(rabbitmq) || !batch.isAlive());
            assertThat(batch.isAlive()).as("the batch got going: " + String.join(" ", count)).isTrue();
            String stopped = consumers.get(0);
            assertThat(exec(List.of("docker", "stop", "-t", "70", stopped))).isZero();
            assertThat(inspect(stopped, "{{.State.ExitCode}}")).as("drained and exited 0").isEqualTo("0");

            assertThat(batch.waitFor(5, TimeUnit.MINUTES)).isTrue();
            ComposeProject.Result counted = compose.result(batch, count);
            assertThat(counted.exitCode()).as(counted.err()).isZero();
            JsonNode join = lastJsonLine(counted.out());
            assertThat(join.get("total").asLong()).isEqualTo(400);
            assertThat(join.get("succeeded").asLong()).isEqualTo(400);
            assertThat(join.get("missing").asLong()).isZero();
        }
        assertThat(exec(List.of("sh", "-c", "docker ps -q --filter label=com.docker.compose.project=taskmill-it-" + id
                + " | grep -q ."))).as("down -v left nothing running").isNotZero();
    }

    private static int writeTree(Path input, int files) throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < files; i++) {
            Path file = input.resolve("dir-" + (i % 5)).resolve("f" + i + ".dat");
            Files.createDirectories(file.getParent());
            byte[] content = new byte[random.nextInt(20_000)];
            random.nextBytes(content);
            Files.write(file, content);
        }
        return files;
    }

    private static JsonNode lastJsonLine(String out) throws Exception {
        List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as("a JSON summary in: " + out).isNotEmpty();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private static int sha512sumCheck(Path dir, Path sums) throws Exception {
        Process check = new ProcessBuilder("sha512sum", "-c", "--strict", "--quiet", sums.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String text = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check.waitFor(60, TimeUnit.SECONDS);
        assertThat(text).isEmpty();
        return check.exitValue();
    }

    /** Ready and unacknowledged tasks both in the work queue. */
    private static boolean midBatch(String rabbitmq) throws Exception {
        Process process = new ProcessBuilder("docker", "exec", rabbitmq, "rabbitmqctl", "-q", "list_queues", "name",
                "messages_ready", "messages_unacknowledged").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return out.lines().map(String::strip).map(line -> line.split("\\s+"))
                .anyMatch(f -> f.length == 3 && f[0].equals("taskmill.default") && !f[1].equals("0") && !f[2].equals("0"));
    }

    private static boolean allHealthy(List<String> containers) throws Exception {
        for (String container : containers) {
            if (!"healthy".equals(inspect(container, "{{.State.Health.Status}}"))) {
                return false;
            }
        }
        return true;
    }

    private static String inspect(String container, String format) throws Exception {
        Process process = new ProcessBuilder("docker", "inspect", "--format", format, container).start();
        String value = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(30, TimeUnit.SECONDS);
        return value;
    }

    private static int exec(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(2, TimeUnit.MINUTES);
        return process.exitValue();
    }

    private static String uid() throws Exception {
        Process process = new ProcessBuilder("id", "-u").start();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
