package io.taskmill.worker;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Transport;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Group commit of completion events, one group committer per event log: an event goes to
 * the log its task names, where the joins of its batch read.
 */
final class CompletionWriter {

    private final Transport transport;
    private final TaskCodec codec;
    private final Map<LogSpec, GroupCommit> logs = new ConcurrentHashMap<>();
    /** Set on a thread writing the outcomes of one delivery: they wait for each other and go out as one group. */
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

    CompletionWriter(Transport transport, TaskCodec codec) {
        this.transport = transport;
        this.codec = codec;
    }

    /**
     * Completes once the event is durable in the log.
     *
     * @param resultBytes what its result encodes to (the caller measured it against the limit already)
     */
    CompletableFuture<Void> write(LogSpec log, CompletionEvent event, int resultBytes) {
        GroupCommit partition = open(log);
        CompletableFuture<Void> durable = partition.add(event, resultBytes);
        if (!holding.get()) {
            partition.startIfIdle();
        }
        return durable;
    }

    /** The group committer of a log, made (and the log declared) on first use. */
    GroupCommit open(LogSpec log) {
        return logs.computeIfAbsent(log, spec -> new GroupCommit(transport.log(spec), codec, transport::settleTogether));
    }

    /**
     * Runs {@code writes}, whose events are written together once it returns: the tasks of a
     * chunk make one log entry even where an append completes at once (in-JVM), which would
     * otherwise write each alone.
     */
    <T> T together(Supplier<T> writes) {
        holding.set(true);
        try {
            return writes.get();
        } finally {
            holding.set(false);
            logs.values().forEach(GroupCommit::startIfIdle);
        }
    }
}
