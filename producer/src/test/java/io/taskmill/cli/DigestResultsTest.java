package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.task.BatchId;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskId;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DigestResultsTest {

    private final String batch = BatchId.create(Instant.now());
    private final StringWriter out = new StringWriter();
    private final DigestResults results = new DigestResults(Sha512SumFile.Sink.onto(out), Path.of("/"));

    private CompletionEvent ok(int seq, String path, String hex) {
        return CompletionEvent.succeeded(new TaskId(batch, seq),
                JsonNodeFactory.instance.objectNode().put("path", path).put("sha512", hex), 1, "w", 1, 1);
    }

    @Test
    void digestsAreWrittenAsTheyArriveAndAnUnreadableFileIsReported() {
        results.accept(ok(2, "/c", "cc"));
        assertThat(out.toString()).isEqualTo("cc  /c\n");
        results.accept(CompletionEvent.failed(new TaskId(batch, 1), "NonRetryableTaskException: permission denied: /b",
                1, "w", 1, 1));
        results.accept(ok(0, "/a", "aa"));

        assertThat(out.toString()).isEqualTo("cc  /c\naa  /a\n");
        assertThat(results.problems()).containsExactly("cannot digest (task " + batch
                + ":1): NonRetryableTaskException: permission denied: /b");
    }

    @Test
    void filesAreNamedUnderTheDirectoryAsGivenNotByTheirAbsolutePath() {
        StringWriter relative = new StringWriter();
        DigestResults fromHere = new DigestResults(Sha512SumFile.Sink.onto(relative), Path.of("."));
        fromHere.accept(ok(0, Path.of(".").toAbsolutePath() + "/sub/a.txt", "aa"));
        fromHere.accept(ok(1, "/elsewhere/b.txt", "bb"));

        assertThat(relative.toString()).isEqualTo("aa  ./sub/a.txt\nbb  /elsewhere/b.txt\n");
    }

    @Test
    void aRedeliveryThatSucceedsAfterAFailureTakesTheErrorBack() {
        results.accept(CompletionEvent.failed(new TaskId(batch, 1), "IOException: flaky", 1, "w", 1, 1));
        results.accept(ok(1, "/b", "bb"));

        assertThat(out.toString()).isEqualTo("bb  /b\n");
        assertThat(results.problems()).isEmpty();
    }
}
