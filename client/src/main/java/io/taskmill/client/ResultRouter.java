package io.taskmill.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.CompletionBatch;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.LoggedEvent;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskProgress;
import io.taskmill.task.TaskStatus;
import io.taskmill.transport.AllEvents;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Transport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Follows the event log and completes the future of each task this client waits for with
 * its first final report: the result, or a {@link TaskFailedException}. Reports for tasks
 * nobody waits for are dropped, so results that are not wanted are not kept.
 */
final class ResultRouter implements AutoCloseable {

    private final TaskCodec codec;
    private final Supplier<String> queue;
    private final Map<String, TaskFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final Subscription subscription;

    /**
     * Follows the events logged from now on: register futures before publishing their tasks.
     *
     * @param queue how the tasks' queue stands, for a future's timed {@code get} that times out
     */
    ResultRouter(Transport transport, TaskCodec codec, Supplier<String> queue) {
        this.codec = codec;
        this.queue = queue;
        // The embedded workers' reports were never encoded: they are routed as they are.
        this.subscription = AllEvents.read(transport, EventLog.FROM_NOW,
                LoggedEvent.reader(codec, this::routeBytes, this::route));
        // A log that cannot be followed any more will never complete these: say so instead.
        subscription.failure().thenAccept(reason -> waiting.values().forEach(future -> future.completeExceptionally(reason)));
    }

    /** The future of a task's outcome; register it before the task is published. */
    CompletableFuture<JsonNode> expect(TaskId id) {
        TaskFuture<JsonNode> future = new TaskFuture<>(id.toString(), queue);
        waiting.put(id.toString(), future);
        future.whenComplete((result, failure) -> waiting.remove(id.toString()));
        return future;
    }

    private void routeBytes(byte[] body) {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            route(codec.decodeEvent(body));
        } catch (MalformedMessageException e) {
            // Not a report this client can read, so none it waits for.
        }
    }

    private void route(BatchEvent event) {
        if (waiting.isEmpty()) {
            return;
        }
        List<? extends BatchEvent> events = event instanceof CompletionBatch group ? group.events() : List.of(event);
        for (BatchEvent single : events) {
            if (single instanceof CompletionEvent completion) {
                CompletableFuture<JsonNode> future = waiting.get(completion.id());
                if (future != null) {
                    complete(future, completion);
                }
            } else if (single instanceof TaskProgress progress) {
                TaskFuture<JsonNode> future = waiting.get(progress.id());
                if (future != null) {
                    future.progressed(progress);
                }
            }
        }
    }

    static void complete(CompletableFuture<JsonNode> future, CompletionEvent completion) {
        if (completion.status() == TaskStatus.SUCCEEDED) {
            future.complete(completion.result());
        } else {
            future.completeExceptionally(new TaskFailedException(completion.id(), completion.error(),
                    completion.attempt(), completion.worker()));
        }
    }

    @Override
    public void close() {
        subscription.close();
        waiting.values().forEach(future -> future.cancel(false));
    }
}
