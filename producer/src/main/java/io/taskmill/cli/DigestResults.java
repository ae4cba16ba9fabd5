package io.taskmill.cli;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The digests of a batch, by task position. Filled from completion events on a transport
 * thread; read once the join has returned, which happens after the last event was recorded.
 */
final class DigestResults implements Consumer<CompletionEvent> {

    private final List<Path> files;
    private final String[] digests;
    private final String[] errors;

    DigestResults(List<Path> files) {
        this.files = files;
        this.digests = new String[files.size()];
        this.errors = new String[files.size()];
    }

    @Override
    public void accept(CompletionEvent event) {
        long seq = event.taskId().seq();
        if (seq >= digests.length) {
            return;
        }
        if (event.status() == TaskStatus.SUCCEEDED && event.result() != null) {
            digests[(int) seq] = event.result().path("sha512").asText();
            errors[(int) seq] = null;
        } else {
            errors[(int) seq] = event.error();
        }
    }

    /** One line per file digested, in file order. */
    List<Sha512SumFile.Line> lines() {
        List<Sha512SumFile.Line> lines = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (digests[i] != null) {
                lines.add(new Sha512SumFile.Line(digests[i], files.get(i).toString()));
            }
        }
        return lines;
    }

    /** One message per file that could not be digested. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            if (digests[i] == null && errors[i] != null) {
                problems.add("cannot digest " + files.get(i) + ": " + errors[i]);
            }
        }
        return problems;
    }
}
