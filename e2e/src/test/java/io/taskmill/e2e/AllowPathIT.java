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

/**
 * A consumer confined to one directory: the files under it are digested, and a task naming
 * /etc/shadow, a '../' escape or a symbolic link pointing out fails, not retried, as a
 * forbidden path.
 */
class AllowPathIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aConfinedConsumerRefusesPathsOutsideItsDirectoryAndDigestsTheInside() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("data"));
        Files.writeString(allowed.resolve("a.txt"), "inside\n");
        Files.createDirectories(allowed.resolve("sub"));
        Files.writeString(allowed.resolve("sub").resolve("b.txt"), "also inside\n");
        Files.createSymbolicLink(allowed.resolve("out"), Path.of("/etc/passwd"));
        Path payloads = dir.resolve("paths.jsonl");
        Files.write(payloads, List.of(
                path(allowed.resolve("a.txt")),
                path(Path.of("/etc/shadow")),
                path(Path.of(allowed + "/sub/../../../../etc/passwd")),
                path(allowed.resolve("out"))));

        try (Deployment deployment = new Deployment("allow-path")) {
            ConsumerProcess consumer = deployment.startConsumer("confined", "--allow-path", allowed.toString(),
                    "--concurrency", "2");
            assertThat(consumer.output()).contains("tasks may open files under [" + allowed.toRealPath() + "] only");

            CliProcess.Result join = deployment.cli("submit", Duration.ofMinutes(1), "submit", "--type", "sha512",
                    "--payloads", payloads.toString(), "--chunk", "1", "--join", "--json", "--quiet");
            assertThat(join.exitCode()).as(join.err()).isEqualTo(1);
            JsonNode summary = JSON.readTree(join.out().strip().lines().reduce((first, last) -> last).orElseThrow());
            assertThat(summary.get("succeeded").asLong()).isEqualTo(1);
            assertThat(summary.get("failed").asLong()).isEqualTo(3);

            String dead = deployment.cli("dlq", Duration.ofSeconds(30), "dlq", "list").out();
            assertThat(dead.lines().filter(line -> line.contains("forbidden path"))).hasSize(3)
                    .allSatisfy(line -> assertThat(line).contains("non-retryable").contains("attempts 1"));
            assertThat(dead).contains("/etc/shadow").contains("(/etc/passwd)");

            Path sums = dir.resolve("data.sha512");
            CliProcess.Result digest = deployment.cli("digest", Duration.ofMinutes(1), "digest", allowed.toString(),
                    "--output", sums.toString(), "--json", "--quiet");
            assertThat(digest.exitCode()).as(digest.err()).isZero();
            assertThat(JSON.readTree(digest.out()).get("succeeded").asLong()).isEqualTo(2);
            assertThat(Files.readString(sums)).contains("a.txt").contains("b.txt").doesNotContain("out");
        }
    }

    private static String path(Path path) {
        return JSON.createObjectNode().put("path", path.toString()).toString();
    }
}
