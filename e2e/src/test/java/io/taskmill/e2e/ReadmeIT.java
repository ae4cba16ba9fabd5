package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's shell blocks marked runnable ({@code <!-- runnable ... -->} on the line
 * before), run as they are with bash from the checkout's root, under a queue prefix of
 * their own: what a newcomer types first must work.
 */
class ReadmeIT {

    private static final String MARK = "<!-- runnable";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyRunnableBlockRunsAsWritten() throws Exception {
        List<String> blocks = runnableBlocks(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(blocks).as("the four commands of the fleet on RabbitMQ, at least").isNotEmpty();
        for (String block : blocks) {
            try (Deployment deployment = new Deployment("readme")) {
                // Consumers the block starts in the background are stopped as a user would, and waited for.
                String script = "trap 'kill -TERM $(jobs -p) 2>/dev/null; wait' EXIT\nset -e\n" + block;
                Path log = Files.createDirectories(deployment.logDir()).resolve("block.log");
                ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("TASKMILL_PREFIX", deployment.topology().prefix());
                builder.environment().put("JAVA", Jars.java());
                Process process = builder.start();
                assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the block ended:%n%s", block).isTrue();
                String output = Files.readString(log, StandardCharsets.UTF_8);
                assertThat(process.exitValue()).as("%s%n---%n%s", block, output).isZero();
                assertThat(output).doesNotContain("FAILED");
            }
        }
    }

    private static List<String> runnableBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(MARK)) {
                continue;
            }
            assertThat(lines.get(i + 1)).as("a runnable mark is followed by a sh block").isEqualTo("```sh");
            StringBuilder block = new StringBuilder();
            for (i += 2; !lines.get(i).equals("```"); i++) {
                block.append(lines.get(i)).append('\n');
            }
            blocks.add(block.toString());
        }
        return blocks;
    }
}
