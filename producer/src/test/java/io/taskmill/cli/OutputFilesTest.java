package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskmill.task.BatchId;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskId;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs are written whole or the command fails: no device replaced, no lost write behind an exit 0. */
class OutputFilesTest {

    @TempDir
    Path dir;
    private Path tree;

    @BeforeEach
    void aSmallTree() throws Exception {
        tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("a.txt"), "alpha\n");
    }

    @Test
    void digestRefusesToReplaceADeviceNode() {
        CliRun run = CliRun.of("digest", tree.toString(), "--output", "/dev/null", "--quiet");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err().strip()).startsWith("taskmill: refusing to replace /dev/null").doesNotContain("\n");
        assertThat(Files.isRegularFile(Path.of("/dev/null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void digestRefusesToReplaceALinkOrADirectory() throws Exception {
        Path target = Files.writeString(dir.resolve("kept.txt"), "keep me");
        Path link = Files.createSymbolicLink(dir.resolve("link.sha512"), target);
        assertThat(CliRun.of("digest", tree.toString(), "--output", link.toString(), "--quiet").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("keep me");
        assertThat(CliRun.of("digest", tree.toString(), "--output", dir.toString(), "--quiet").exitCode())
                .isEqualTo(ExitCodes.BAD_INPUT);
    }

    @Test
    void digestToAFullDeviceOnStdoutFails() throws Exception {
        try (PrintWriter full = new PrintWriter(new FileOutputStream("/dev/full"), true)) {
            CliRun run = CliRun.writingTo(full, "digest", tree.toString(), "--quiet");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OUTPUT_FAILED);
            assertThat(run.err()).contains("cannot write to standard output");
        }
    }

    @Test
    void aResultsFileOnAFullDiskFailsWhenClosedInsteadOfEndingShort() {
        ResultsFile results = ResultsFile.create(Path.of("/dev/full"), new PrintWriter(Writer.nullWriter()));
        TaskId id = new TaskId(BatchId.create(Instant.now()), 0);
        for (int i = 0; i < 10_000; i++) {
            results.accept(CompletionEvent.failed(id, "x".repeat(100), 1, "w", 0, 0));
        }
        assertThatThrownBy(results::close).isInstanceOf(OutputException.class)
                .hasMessageContaining("cannot write /dev/full");
    }

    /** {@code --results -}: the lines go to standard output, which stays open for the summary. */
    @Test
    void resultsToADashGoToStandardOutputAndLeaveItOpen() {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        TaskId id = new TaskId(BatchId.create(Instant.now()), 0);
        try (ResultsFile results = ResultsFile.create(Path.of("-"), out)) {
            results.accept(CompletionEvent.failed(id, "boom", 1, "w", 0, 0));
        }
        out.println("summary");
        out.flush();
        assertThat(text.toString().lines()).containsExactly(
                "{\"id\":\"" + id + "\",\"status\":\"failed\",\"error\":\"boom\"}", "summary");
        assertThat(Path.of("-")).doesNotExist();
    }
}
