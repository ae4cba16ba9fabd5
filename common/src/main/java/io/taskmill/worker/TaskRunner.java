package io.taskmill.worker;

import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Turns one message into an {@link Outcome}: decode, find the handler, run it under its time limit. */
final class TaskRunner {

    private final TaskCodec codec;
    private final HandlerRegistry handlers;
    private final String workerId;
    private final ScheduledExecutorService timer;
    private final Clock clock;

    TaskRunner(TaskCodec codec, HandlerRegistry handlers, String workerId, ScheduledExecutorService timer,
               Clock clock) {
        this.codec = codec;
        this.handlers = handlers;
        this.workerId = workerId;
        this.timer = timer;
        this.clock = clock;
    }

    Outcome run(byte[] body) {
        TaskEnvelope envelope;
        try {
            envelope = codec.decodeTask(body);
        } catch (MalformedMessageException e) {
            return poison(e.getMessage(), e.taskId(), 1);
        }
        TaskId id = envelope.taskId();
        Optional<TaskHandler> handler = handlers.find(envelope.type());
        if (handler.isEmpty()) {
            return poison("unknown task type '" + envelope.type() + "' (this worker has " + handlers.types() + ")",
                    Optional.of(id), envelope.attempt());
        }
        return new Outcome.Completed(execute(handler.get(), envelope, id));
    }

    private CompletionEvent execute(TaskHandler handler, TaskEnvelope envelope, TaskId id) {
        long start = clock.millis();
        Thread self = Thread.currentThread();
        AtomicBoolean limitReached = new AtomicBoolean();
        ScheduledFuture<?> limit = timer.schedule(() -> {
            limitReached.set(true);
            self.interrupt();
        }, envelope.timeLimitMs(), TimeUnit.MILLISECONDS);
        try {
            var result = handler.handle(new TaskContext(id, envelope.payload(), envelope.attempt(), workerId));
            return CompletionEvent.succeeded(id, result, envelope.attempt(), workerId, clock.millis() - start,
                    clock.millis());
        } catch (Exception | LinkageError | StackOverflowError e) {
            String error = limitReached.get()
                    ? "TimeLimitExceeded: ran past its limit of " + envelope.timeLimitMs() + " ms"
                    : describe(e);
            return CompletionEvent.failed(id, error, envelope.attempt(), workerId, clock.millis() - start,
                    clock.millis());
        } finally {
            limit.cancel(false);
            // The limit may have fired just as the handler returned; do not leak the flag to the next task.
            Thread.interrupted();
        }
    }

    private Outcome poison(String reason, Optional<TaskId> id, int attempt) {
        long now = clock.millis();
        return new Outcome.Poison(reason, id.map(known -> CompletionEvent.failed(known, "PoisonMessage: " + reason,
                attempt, workerId, 0, now)));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
