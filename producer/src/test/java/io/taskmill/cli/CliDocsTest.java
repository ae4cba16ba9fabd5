package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every page says how its command ends, what it reads from the environment, and how to use it. */
class CliDocsTest {

    @Test
    void everyCommandHasItsExitStatusAndExamples() {
        List<String> missing = new ArrayList<>();
        walk(TaskmillMain.commandLine(), missing);
        assertThat(missing).as("commands without exit status and examples in CommandDocs").isEmpty();
    }

    @Test
    void everyPageHasExitStatusEnvironmentAndExamplesAndNoFormatCodes(@TempDir Path dir) throws Exception {
        List<Path> files = CliDocs.write(TaskmillMain.commandLine(), dir);

        List<Path> pages = files.stream().filter(file -> file.toString().endsWith(".1")).toList();
        assertThat(pages).hasSizeGreaterThan(20);
        for (Path page : pages) {
            assertThat(page).content().as(page.getFileName().toString())
                    .contains(".SH EXIT STATUS\n.TP\n.B 0\n").contains(".SH ENVIRONMENT\n.TP\n.B ")
                    .contains(".SH EXAMPLES\n.nf\ntaskmill").doesNotContain("%n").contains("taskmill\\-consumer(1)");
        }
        assertThat(dir.resolve("man/man1/taskmill-join.1")).content().contains(".B 4\n").contains(".B 66\n")
                .contains(".B TASKMILL_SEAL_TIMEOUT").contains(".B TASKMILL_BROKER\n");
        assertThat(dir.resolve("man/man1/taskmill-status.1")).content().doesNotContain(".B 2\n")
                .doesNotContain(".B 3\n");
        assertThat(dir.resolve("completion/taskmill.bash")).content().contains("(\"high\" \"normal\" \"low\")");
    }

    @Test
    void helpListsTheExitStatusAndExamplesOfItsCommand() {
        CliRun run = CliRun.of("help", "cancel");
        assertThat(run.out()).contains("Exit status:").contains("66   no producer opened that batch")
                .contains("Examples:").contains("taskmill cancel ");
    }

    private static void walk(CommandLine command, List<String> missing) {
        String name = command.getCommandSpec().qualifiedName(" ").replaceFirst("^taskmill ", "");
        if (!name.equals("help") && !CommandDocs.documents(name)) {
            missing.add(name);
        }
        command.getSubcommands().values().forEach(sub -> walk(sub, missing));
    }
}
