package io.taskmill.cli;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskStatus;
import java.util.function.Consumer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The digests of a batch, written as the completion events arrive (in the order files are
 * done, which {@code sha512sum -c} does not mind), from the path each result names: nothing
 * is kept per file but the errors of files that failed, which a later success of the same
 * task (a redelivery that went better) takes back.
 */
final class DigestResults implements Consumer<CompletionEvent> {

    private final Sha512SumFile.Sink sink;
    private final Map<Long, String> errors = new ConcurrentSkipListMap<>();
    private final String absolute;
    private final String given;

    /**
     * @param directory the directory as the user gave it: results name files by absolute path (a worker's
     *                  working directory is not the producer's), lines name them under the directory as given,
     *                  as {@code find DIR | xargs sha512sum} would
     */
    DigestResults(Sha512SumFile.Sink sink, Path directory) {
        this.sink = sink;
        this.absolute = directory.toAbsolutePath().toString();
        this.given = directory.toString();
    }

    @Override
    public void accept(CompletionEvent event) {
        long seq = event.taskId().seq();
        if (event.status() == TaskStatus.SUCCEEDED && event.result() != null) {
            errors.remove(seq);
            sink.write(new Sha512SumFile.Line(event.result().path("sha512").asText(),
                    asGiven(event.result().path("path").asText())));
        } else {
            errors.put(seq, "cannot digest (task " + event.id() + "): " + event.error());
        }
    }

    private String asGiven(String path) {
        return path.startsWith(absolute + "/") && !given.equals(absolute) ? given + path.substring(absolute.length())
                : path;
    }

    /** One message per file that could not be digested, in task order. */
    List<String> problems() {
        return List.copyOf(errors.values());
    }
}
