package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire protocol is enough: a batch from a Python script and pika, run by Java consumers, joined exactly. */
class PythonProducerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("..", "examples", "python-producer", "submit.py").toAbsolutePath();
    private static final int TASKS = 300;

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run python(Deployment deployment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("--broker", deployment.broker(), "--prefix",
                deployment.topology().prefix()));
        command.addAll(List.of(args));
        return python(java.util.Map.of(), command);
    }

    /** With {@code env} added to this process's environment, less Taskmill's own variables. */
    private static Run python(java.util.Map<String, String> env, List<String> args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("TASKMILL_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        var out = process.getInputStream();
        var err = process.getErrorStream();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the Python producer ends").isTrue();
        return new Run(process.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8).strip(),
                new String(err.readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    @Test
    void aBatchSubmittedFromPythonIsRunByJavaConsumersAndJoinedExactly() throws Exception {
        Requirements.systemPython("pika", "PythonProducerIT");
        Path payloads = Files.write(dir.resolve("tasks.jsonl"),
                IntStream.range(0, TASKS).mapToObj(i -> "{\"n\": " + (1000 + i) + "}").toList());
        Path results = dir.resolve("results.jsonl");

        try (Deployment deployment = new Deployment("python-producer")) {
            deployment.startConsumer("one");
            deployment.startConsumer("two");

            Run submit = python(deployment, "--type", "count", "--payloads", payloads.toString());
            assertThat(submit.exitCode()).as(submit.err()).isZero();
            String batch = submit.out();
            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(2), "join", batch, "--json",
                    "--results", results.toString(), "--timeout", "90s");

            assertThat(join.exitCode()).as(join.err()).isZero();
            JsonNode summary = JSON.readTree(join.out());
            assertThat(summary.get("total").asLong()).isEqualTo(TASKS);
            assertThat(summary.get("succeeded").asLong()).isEqualTo(TASKS);
            assertThat(summary.get("missing").asLong()).isZero();
            Set<Long> counted = new HashSet<>();
            for (String line : Files.readAllLines(results)) {
                JsonNode outcome = JSON.readTree(line);
                counted.add(outcome.get("result").get("n").asLong());
            }
            assertThat(counted).as("every payload ran, as its own task")
                    .isEqualTo(new HashSet<>(IntStream.range(1000, 1000 + TASKS).mapToObj(n -> (long) n).toList()));
        }
    }

    /**
     * The producer spreads its tasks over the work queue's partitions and logs the batch in
     * the event partition Taskmill reads, both from the URI every process takes.
     */
    @Test
    void aBatchSubmittedFromPythonToAPartitionedDeploymentIsJoinedExactly() throws Exception {
        Requirements.systemPython("pika", "PythonProducerIT");
        Path payloads = Files.write(dir.resolve("partitioned.jsonl"),
                IntStream.range(0, 40).mapToObj(i -> "{\"n\": " + (1000 + i) + "}").toList());

        try (Deployment deployment = new Deployment("python-producer-partitioned",
                TestBroker.uri() + "?partitions=3&event-partitions=4")) {
            deployment.startConsumer("one");

            Run submit = python(deployment, "--type", "count", "--payloads", payloads.toString());
            assertThat(submit.exitCode()).as(submit.err()).isZero();
            CliProcess.Result join = deployment.cli("join-partitioned", Duration.ofMinutes(2), "join", submit.out(),
                    "--json", "--timeout", "90s");

            assertThat(join.exitCode()).as(join.err()).isZero();
            assertThat(JSON.readTree(join.out()).get("succeeded").asLong()).isEqualTo(40);
        }
    }

    @Test
    void aBatchSignedInPythonRunsOnAConsumerThatRequiresSignatures() throws Exception {
        Requirements.systemPython("pika", "PythonProducerIT");
        Path keys = Files.writeString(dir.resolve("keys"), "py-1 " + java.util.Base64.getEncoder()
                .encodeToString(new java.security.SecureRandom().generateSeed(32)) + "\n");
        Path payloads = Files.write(dir.resolve("signed.jsonl"), List.of("{\"n\": 1}", "{\"n\": 2}", "{\"n\": 3}"));

        try (Deployment deployment = new Deployment("python-producer-signed")) {
            deployment.startConsumer("strict", "--signing-key-file", keys.toString(), "--require-signed");

            Run submit = python(deployment, "--type", "count", "--payloads", payloads.toString(),
                    "--signing-key-file", keys.toString());
            assertThat(submit.exitCode()).as(submit.err()).isZero();
            CliProcess.Result join = deployment.cli("join-signed", Duration.ofMinutes(1), "join", submit.out(),
                    "--json", "--timeout", "45s", "--signing-key-file", keys.toString(), "--require-signed");

            assertThat(join.exitCode()).as(join.err()).isZero();
            assertThat(JSON.readTree(join.out()).get("succeeded").asLong()).isEqualTo(3);
            assertThat(join.err()).doesNotContain("skipping");
        }
    }

    /** The README's environment: the URI without its password, which is in a file; the deployment by name. */
    @Test
    void thePythonProducerTakesTheSameEnvironmentAsTheCli() throws Exception {
        Requirements.systemPython("pika", "PythonProducerIT");
        java.net.URI broker = java.net.URI.create(TestBroker.uri());
        String[] user = broker.getUserInfo().split(":", 2);
        String withoutPassword = broker.getScheme() + "://" + user[0] + "@" + broker.getHost() + ":" + broker.getPort()
                + (broker.getRawPath() == null ? "" : broker.getRawPath());
        Path passwordFile = Files.writeString(dir.resolve("password"), user[1] + "\n");
        Path payloads = Files.write(dir.resolve("env.jsonl"), List.of("{\"n\": 7}", "{\"n\": 8}"));

        try (Deployment deployment = new Deployment("python-producer-env")) {
            deployment.startConsumer("one");
            java.util.Map<String, String> env = java.util.Map.of("TASKMILL_BROKER", withoutPassword,
                    "TASKMILL_BROKER_PASSWORD_FILE", passwordFile.toString(),
                    "TASKMILL_PREFIX", deployment.topology().prefix(), "TASKMILL_QUEUE", "default");

            Run submit = python(env, List.of("--type", "count", "--payloads", payloads.toString()));
            assertThat(submit.exitCode()).as(submit.err()).isZero();
            CliProcess.Result join = deployment.cli("join-env", Duration.ofMinutes(1), "join", submit.out(), "--json",
                    "--timeout", "45s");
            assertThat(join.exitCode()).as(join.err()).isZero();
            assertThat(JSON.readTree(join.out()).get("succeeded").asLong()).isEqualTo(2);

            Run noPassword = python(java.util.Map.of("TASKMILL_BROKER", withoutPassword, "TASKMILL_PREFIX",
                    deployment.topology().prefix()), List.of("--type", "count", "--payloads", payloads.toString()));
            assertThat(noPassword.exitCode()).isEqualTo(64);
            assertThat(noPassword.err()).startsWith("submit.py: the broker URI names the user " + user[0]
                    + " but no password").doesNotContain("\n").doesNotContain("Traceback");
        }
    }

    @Test
    void thePythonProducerRefusesBadInputInOneLine() throws Exception {
        Requirements.systemPython("pika", "PythonProducerIT");
        try (Deployment deployment = new Deployment("python-producer-bad-input")) {
            Run missing = python(deployment, "--type", "count", "--payloads", dir.resolve("nope.jsonl").toString());
            assertThat(missing.exitCode()).isEqualTo(64);
            assertThat(missing.err()).startsWith("submit.py: cannot read").doesNotContain("\n");

            Run noDeployment = python(deployment, "--type", "count", "--payloads",
                    Files.writeString(dir.resolve("one.jsonl"), "{}\n").toString());
            assertThat(noDeployment.exitCode()).as(noDeployment.err()).isEqualTo(69);
            assertThat(noDeployment.err()).startsWith("submit.py: no queue").doesNotContain("guest:guest");
        }
    }
}
