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
 * consumers, the producer job run against a known directory, one consumer stopped
 * mid-batch; the same fleet on NATS through docker-compose.nats.yml, and on Redis through
 * docker-compose.redis.yml; and on a cluster of
 * three nodes of each broker, one node killed.
 */
class ComposeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeConsumersDigestADirectoryAndAStoppedOneLosesNothing() throws Exception {
        DockerRequirement.require("ComposeIT");
        try (Fleet fleet = new Fleet("taskmill-it-", 3)) {
            fleet.digestVerified();
            ComposeProject compose = fleet.compose;
            List<String> consumers = compose.containers("consumer");
            String[] count = {"run", "--rm", "-T", "producer", "count", "--n", "30000000", "--tasks", "400",
                    "--json", "--quiet"};
            Process batch = compose.start(count);
            // Mid-batch is a state, not a time: tasks still waiting in the queue while others are held means
            // every consumer's window is full, so the one stopped has tasks in hand.
            String broker = compose.containers("broker").get(0);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> midBatch(broker) || !batch.isAlive());
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
    }

    @Test
    void theFleetOnNatsDigestsADirectory() throws Exception {
        DockerRequirement.require("ComposeIT");
        try (Fleet fleet = new Fleet("taskmill-it-nats-", 2, "docker-compose.nats.yml")) {
            fleet.digestVerified();
            ComposeProject.Result logs = fleet.compose.run(Duration.ofSeconds(30), "logs", "--no-color", "consumer");
            assertThat(logs.out()).as("consumers on the NATS broker").contains("on nats://broker:4222");

            // The dashboard service, on NATS: it lists both consumers by their heartbeats and the digest's batch.
            ComposeProject.Result up = fleet.compose.run(Duration.ofMinutes(2), "--profile", "dashboard", "up", "-d",
                    "dashboard");
            assertThat(up.exitCode()).as(up.err()).isZero();
            String address = fleet.compose.run(Duration.ofSeconds(30), "--profile", "dashboard", "port", "dashboard",
                    "8080").out().strip();
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        JsonNode state = JSON.readTree(java.net.URI.create("http://" + address + "/api/state").toURL());
                        assertThat(state.get("workers")).hasSize(2);
                        assertThat(state.get("batches").get(0).get("state").asText()).isEqualTo("succeeded");
                    });
        }
    }

    /** The same fleet on Redis through docker-compose.redis.yml, its broker built from Debian's redis-server. */
    @Test
    void theFleetOnRedisDigestsADirectory() throws Exception {
        DockerRequirement.require("ComposeIT");
        try (Fleet fleet = new Fleet("taskmill-it-redis-", 2, "docker-compose.redis.yml")) {
            fleet.digestVerified();
            ComposeProject.Result logs = fleet.compose.run(Duration.ofSeconds(30), "logs", "--no-color", "consumer");
            assertThat(logs.out()).as("consumers on the Redis broker").contains("on redis://broker:6379");
        }
    }

    /**
     * The fleet on a three-node RabbitMQ cluster (docker-compose.rabbitmq-cluster.yml): with one
     * node killed (-9) once the consumers are connected, some of them to it, the digest still
     * checks, and both consumers did work.
     */
    @Test
    void theFleetOnARabbitMqClusterDigestsADirectoryWithANodeKilled() throws Exception {
        DockerRequirement.require("ComposeIT");
        try (Fleet fleet = new Fleet("taskmill-it-cluster-", 2, "docker-compose.rabbitmq-cluster.yml")) {
            String broker = fleet.compose.containers("broker").get(0);
            assertThat(exec(List.of("docker", "exec", broker, "rabbitmqctl", "-q", "await_online_nodes", "3")))
                    .as("three nodes in one cluster").isZero();
            fleet.digestVerifiedWithBroker2Killed("on amqp://guest:***@broker:5672,broker2:5672,broker3:5672");
        }
    }

    /**
     * The fleet on a three-server NATS cluster (docker-compose.nats-cluster.yml): every stream
     * with three copies; with one server killed (-9) once the consumers are connected, the
     * digest still checks, and both consumers did work.
     */
    @Test
    void theFleetOnANatsClusterDigestsADirectoryWithAServerKilled() throws Exception {
        DockerRequirement.require("ComposeIT");
        try (Fleet fleet = new Fleet("taskmill-it-natscluster-", 2, "docker-compose.nats.yml",
                "docker-compose.nats-cluster.yml")) {
            String broker = fleet.compose.containers("broker").get(0);
            JsonNode routes = JSON.readTree(monitor(broker, "/routez"));
            assertThat(routes.get("num_routes").asInt()).as("routed to the two others").isEqualTo(2);
            JsonNode streams = JSON.readTree(monitor(broker, "/jsz?streams=true&config=true"))
                    .get("account_details").get(0).get("stream_detail");
            assertThat(streams).isNotEmpty();
            streams.forEach(stream -> assertThat(stream.get("config").get("num_replicas").asInt())
                    .as(stream.get("name").asText()).isEqualTo(3));

            fleet.digestVerifiedWithBroker2Killed("on nats://broker:4222,broker2:4222,broker3:4222");
        }
    }

    /** The NATS server's monitoring endpoint, asked from inside its container. */
    private static String monitor(String container, String path) throws Exception {
        Process process = new ProcessBuilder("docker", "exec", container, "curl", "-fsS", "http://127.0.0.1:8222"
                + path).start();
        String body = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(path + ": " + body).isZero();
        return body;
    }

    /** The compose project brought up with its consumers healthy, over a tree of random files. */
    private static final class Fleet implements AutoCloseable {

        final ComposeProject compose;
        final String project;
        final Path input;
        final Path output;
        final int files;

        Fleet(String projectPrefix, int consumers, String... overrides) throws Exception {
            String id = UUID.randomUUID().toString().substring(0, 8);
            project = projectPrefix + id;
            // Under target/, not a private temp dir: the containers' user must be able to read it.
            Path work = Path.of("target", "compose-" + id).toAbsolutePath();
            input = work.resolve("input");
            output = Files.createDirectories(work.resolve("output"));
            files = writeTree(input, 300);
            Map<String, String> env = new HashMap<>();
            env.put("TASKMILL_INPUT", input.toString());
            env.put("TASKMILL_OUTPUT", output.toString());
            env.put("TASKMILL_UID", uid());
            env.put("TASKMILL_GID", uid());
            env.put("TASKMILL_PREFETCH", "4");
            compose = new ComposeProject(project, env, work.resolve("logs"), overrides);
            try {
                bringUp(consumers);
            } catch (Exception | AssertionError e) {
                compose.close();
                throw e;
            }
        }

        private void bringUp(int consumers) throws Exception {
            assertThat(compose.run(Duration.ofMinutes(10), "build").exitCode()).isZero();
            ComposeProject.Result up = compose.run(Duration.ofMinutes(5), "up", "-d", "--scale",
                    "consumer=" + consumers, "broker", "consumer");
            assertThat(up.exitCode()).as(up.err()).isZero();
            List<String> started = compose.containers("consumer");
            assertThat(started).hasSize(consumers);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> allHealthy(started));
        }

        /**
         * The producer job's digest, checked by sha512sum, with work done by more than one
         * consumer: ten files a message, as the default would send these few small ones in one.
         */
        void digestVerified() throws Exception {
            ComposeProject.Result digest = compose.run(Duration.ofMinutes(5), "run", "--rm", "-T", "producer",
                    "digest", ".", "--output", "/out/digest.sha512", "--json", "--quiet", "--chunk", "10");
            assertThat(digest.exitCode()).as(digest.err()).isZero();
            JsonNode summary = lastJsonLine(digest.out());
            assertThat(summary.get("succeeded").asLong()).isEqualTo(files);
            assertThat(summary.get("perWorker").size()).as("more than one consumer did work").isGreaterThan(1);
            assertThat(Files.readAllLines(output.resolve("digest.sha512"))).hasSize(files);
            assertThat(sha512sumCheck(input, output.resolve("digest.sha512"))).isZero();
        }

        /** The cluster's second node killed (-9) once the consumers are connected, given every node as {@code uri}. */
        void digestVerifiedWithBroker2Killed(String uri) throws Exception {
            String killed = compose.containers("broker2").get(0);
            assertThat(exec(List.of("docker", "kill", "-s", "KILL", killed))).isZero();
            digestVerified();
            ComposeProject.Result logs = compose.run(Duration.ofSeconds(30), "logs", "--no-color", "consumer");
            assertThat(logs.out()).as("consumers given every node").contains(uri);
        }

        @Override
        public void close() throws Exception {
            compose.close();
            assertThat(exec(List.of("sh", "-c", "docker ps -q --filter label=com.docker.compose.project=" + project
                    + " | grep -q ."))).as("down -v left nothing running").isNotZero();
        }
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
    private static boolean midBatch(String broker) throws Exception {
        Process process = new ProcessBuilder("docker", "exec", broker, "rabbitmqctl", "-q", "list_queues", "name",
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
