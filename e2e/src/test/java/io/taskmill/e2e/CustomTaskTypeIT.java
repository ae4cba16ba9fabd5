package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "writing a task type": a jar dropped in a consumer's plugin directory. */
class CustomTaskTypeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aHandlerJarInThePluginDirectoryAddsATaskType() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Jars.exampleTaskType(), plugins.resolve("reverse-task.jar"));
        Path results = dir.resolve("results.jsonl");

        try (Deployment deployment = new Deployment("custom-type")) {
            ConsumerProcess consumer = deployment.startConsumer("with-plugin", "--plugins", plugins.toString());
            assertThat(consumer.output()).contains("task types [count, noop, reverse, sha512, sleep]");
            // A consumer started before the plugin was installed: it hands reverse tasks back, not to the dead letters.
            ConsumerProcess plain = deployment.startConsumer("plain", "--concurrency", "4");
            Path many = Files.write(dir.resolve("many.jsonl"), java.util.Collections.nCopies(20, "{\"text\": \"ab\"}"));
            CliProcess.Result mixed = deployment.cli("mixed", Duration.ofMinutes(2), "submit", "--type", "reverse",
                    "--payloads", many.toString(), "--chunk", "1", "--join", "--json", "--quiet");
            assertThat(mixed.exitCode()).as(mixed.err() + mixed.out()).isZero();
            assertThat(JSON.readTree(mixed.out()).get("perWorker").fieldNames()).toIterable()
                    .allSatisfy(worker -> assertThat(worker).doesNotEndWith("/" + plain.pid()));
            assertThat(plain.output()).contains("tasks of type 'reverse', which this worker lacks, go back to the "
                    + "queue for the live workers that have it").doesNotContain("dead-lettering");

            CliProcess.Result submit = deployment.cli("submit", Duration.ofMinutes(1),
                    "submit", "--type", "reverse", "--payload", "{\"text\": \"taskmill\"}", "--join", "--json");
            assertThat(submit.exitCode()).as(submit.err()).isZero();
            String batch = new com.fasterxml.jackson.databind.ObjectMapper().readTree(submit.out()).get("batch").asText();

            CliProcess.Result join = deployment.cli("join", Duration.ofMinutes(1),
                    "join", batch, "--results", results.toString(), "--quiet");
            assertThat(join.exitCode()).as(join.err()).isZero();
            List<String> lines = Files.readAllLines(results);
            assertThat(lines).hasSize(1);
            JsonNode outcome = JSON.readTree(lines.get(0));
            assertThat(outcome.get("status").asText()).isEqualTo("succeeded");
            assertThat(outcome.get("result").get("reversed").asText()).isEqualTo("llimksat");

            // '-' is standard output, as --payloads - is standard input: the outcome, then the summary.
            CliProcess.Result toStdout = deployment.cli("join-stdout", Duration.ofMinutes(1),
                    "join", batch, "--results", "-", "--json", "--quiet");
            assertThat(toStdout.exitCode()).as(toStdout.err()).isZero();
            List<String> out = toStdout.out().lines().toList();
            assertThat(out).hasSize(2);
            assertThat(JSON.readTree(out.get(0)).get("result").get("reversed").asText()).isEqualTo("llimksat");
            assertThat(JSON.readTree(out.get(1)).get("succeeded").asLong()).isEqualTo(1);
        }
    }
}
