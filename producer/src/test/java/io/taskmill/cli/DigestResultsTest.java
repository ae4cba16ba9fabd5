package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.task.BatchId;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestResultsTest {

    private final String batch = BatchId.create(Instant.now());
    private final DigestResults results = new DigestResults(List.of(Path.of("a"), Path.of("b"), Path.of("c")));

    private CompletionEvent ok(int seq, String hex) {
        return CompletionEvent.succeeded(new TaskId(batch, seq),
                JsonNodeFactory.instance.objectNode().put("sha512", hex), 1, "w", 1, 1);
    }

    @Test
    void anUnreadableFileIsReportedAndLeftOutWhileTheOthersAreWritten() {
        results.accept(ok(0, "aa"));
        results.accept(CompletionEvent.failed(new TaskId(batch, 1), "NonRetryableTaskException: permission denied: b",
                1, "w", 1, 1));
        results.accept(ok(2, "cc"));

        assertThat(results.lines()).containsExactly(new Sha512SumFile.Line("aa", "a"), new Sha512SumFile.Line("cc", "c"));
        assertThat(results.problems()).containsExactly("cannot digest b: NonRetryableTaskException: permission denied: b");
    }

    @Test
    void aRedeliveryThatSucceedsAfterAFailureReplacesTheError() {
        results.accept(CompletionEvent.failed(new TaskId(batch, 1), "IOException: flaky", 1, "w", 1, 1));
        results.accept(ok(1, "bb"));

        assertThat(results.lines()).containsExactly(new Sha512SumFile.Line("bb", "b"));
        assertThat(results.problems()).isEmpty();
    }
}
