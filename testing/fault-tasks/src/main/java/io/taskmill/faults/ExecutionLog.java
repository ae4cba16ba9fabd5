package io.taskmill.faults;

import io.taskmill.handler.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends {@code taskId worker attempt} for every execution to the file named by
 * {@code TASKMILL_FAULT_LOG}: the fault suite's record of what really ran, where. Short
 * appends to one local file are atomic across processes.
 */
final class ExecutionLog {

    private ExecutionLog() {
    }

    static void record(TaskContext task) {
        String file = System.getenv("TASKMILL_FAULT_LOG");
        if (file == null) {
            return;
        }
        String line = task.id() + " " + task.worker() + " " + task.attempt() + "\n";
        try {
            Files.write(Path.of(file), line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
