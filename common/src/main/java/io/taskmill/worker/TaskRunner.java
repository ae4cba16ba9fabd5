package io.taskmill.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.handler.NonRetryableTaskException;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskControl;
import io.taskmill.handler.TaskHandler;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.SignatureRefusedException;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.trace.TaskTracing;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.Headers;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns one delivery into an {@link Outcome} per task it carries: decode, guard against
 * endless redelivery, find the handler, run each task under its time limit, and decide
 * between done, retry and dead letter for each.
 */
final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final TaskCodec codec;
    private final HandlerRegistry handlers;
    private final WorkerConfig config;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final WorkerListener listener;
    private final RunningTasks running;
    private final TaskTracing tracing;
    private final FleetRates rates;
    private final Predicate<String> runElsewhere;
    private final EventPartitions partitions;
    private final Leases leases;
    /** Types whose tasks this worker handed over to others: said once each in the log. */
    private final Set<String> handedOver = ConcurrentHashMap.newKeySet();

    /**
     * How long a worker runs the tasks of one chunk before it hands the rest back one message
     * each. Chunks are for tasks far shorter than a message round trip; when they turn out
     * long, splitting lets the rest run on every worker instead of one after another on one
     * thread, and keeps a delivery from being held for the sum of its tasks' time limits
     * (RabbitMQ closes a channel that holds one past its consumer timeout, 30 minutes).
     */
    static final long CHUNK_SLICE_MS = 1_000;

    /**
     * How long a task of a type this worker lacks stays away when it goes back for a worker
     * that has it: long enough that a worker does not spin on it, short beside a task's wait.
     */
    static final long HAND_OVER_MS = 1_000;

    /** Returns of a chunk to its queue after which it is split into tasks of their own. */
    static final long SPLIT_AFTER_RETURNS = 2;

    /** Log context (SLF4J MDC) keys set while a handler runs. */
    static final String MDC_TASK = "taskId";
    static final String MDC_BATCH = "batch";
    static final String MDC_TYPE = "taskType";
    static final String MDC_TRACE = "traceId";
    static final String MDC_SPAN = "spanId";

    TaskRunner(TaskCodec codec, HandlerRegistry handlers, WorkerConfig config, ScheduledExecutorService timer,
               Clock clock, WorkerListener listener, RunningTasks running, TaskTracing tracing,
               FleetRates rates, Predicate<String> runElsewhere, EventPartitions partitions, Leases leases) {
        this.rates = rates;
        this.leases = leases;
        this.runElsewhere = runElsewhere;
        this.partitions = partitions;
        this.running = running;
        this.tracing = tracing;
        this.codec = codec;
        this.handlers = handlers;
        this.config = config;
        this.timer = timer;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * What a delivery came to, and the event log its outcomes go to.
     *
     * @param events where the task's producer logged its batch (the task says so), or for a
     *               message that cannot be read, where this worker's count of partitions puts it
     */
    record Ran(List<Outcome> outcomes, LogSpec events) {
    }

    Ran run(HeldDelivery delivery) {
        TaskEnvelope envelope;
        try {
            envelope = codec.decodeTask(delivery.body());
        } catch (SignatureRefusedException e) {
            return new Ran(List.of(deadLetter(delivery.body(), "signature", e.errorClass(), e.getMessage(),
                    e.taskIds(), 1)), guessedLog(e.taskIds()));
        } catch (MalformedMessageException e) {
            return new Ran(List.of(deadLetter(delivery.body(), "poison", "MalformedMessage", e.getMessage(),
                    e.taskIds(), 1)), guessedLog(e.taskIds()));
        }
        LogSpec events;
        try {
            events = envelope.eventLog();
        } catch (IllegalArgumentException e) {
            return new Ran(List.of(deadLetter(delivery.body(), "poison", "MalformedMessage", "header "
                    + TaskEnvelope.EVENTS + ": " + e.getMessage(), ids(envelope), envelope.attempt())),
                    guessedLog(ids(envelope)));
        }
        delivery.reading(envelope, events);
        return new Ran(run(delivery, envelope, events), events);
    }

    /**
     * Where this worker's count of partitions puts the batch of the first id: for a message
     * whose own word on its log cannot be read.
     */
    private LogSpec guessedLog(List<TaskId> ids) {
        return ids.isEmpty() ? Logs.EVENTS : partitions.of(ids.get(0).batch());
    }

    private List<Outcome> run(HeldDelivery delivery, TaskEnvelope envelope, LogSpec events) {
        if (expired(envelope)) {
            return List.of(deadLetter(delivery.body(), "signature", "Expired", "a signed task made at "
                    + Instant.ofEpochMilli(envelope.createdAt()) + " is past the lifetime of signed tasks ("
                    + codec.signing().taskLifetime().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                    + "): replayed, or held too long (taskmill dlq replay signs it anew)", ids(envelope),
                    envelope.attempt()));
        }
        long early = envelope.notBefore() - clock.millis();
        if (early > 0) {
            return List.of(new Outcome.Deferred(envelope, early));
        }
        if (envelope.size() > 1 && delivery.previousDeliveries() >= SPLIT_AFTER_RETURNS) {
            // A chunk that keeps coming back may hold the task that takes its worker down: split, the
            // guard below meets that task alone and its neighbours still run. Not at the first return:
            // a broker restart or a killed worker hands back every chunk once, and they run as they are.
            return requeue(envelope, 0);
        }
        if (delivery.previousDeliveries() >= config.redeliveryGuard()) {
            return List.of(deadLetter(delivery.body(), "redelivered", "RedeliveryLimit", "delivered "
                    + (delivery.previousDeliveries() + 1) + " times without being settled: it may crash or hang its "
                    + "worker", ids(envelope), envelope.attempt()));
        }
        Optional<TaskHandler> handler = handlers.find(envelope.type());
        if (handler.isEmpty() && runElsewhere.test(envelope.type())) {
            // A fleet of mixed plugins: the task goes back for a worker that has its type, not to the dead letters.
            if (handedOver.add(envelope.type())) {
                LOG.info("tasks of type '{}', which this worker lacks, go back to the queue for the live workers that "
                        + "have it", envelope.type());
            }
            return List.of(new Outcome.Deferred(envelope, HAND_OVER_MS));
        }
        if (handler.isEmpty()) {
            return List.of(deadLetter(delivery.body(), "poison", "UnknownTaskType", "unknown task type '"
                    + envelope.type() + "' (this worker has " + handlers.types() + ")", ids(envelope),
                    envelope.attempt()));
        }
        if (envelope.isLeaseCopy()) {
            Optional<Outcome> instead = leases.takeOver(delivery, envelope, events);
            if (instead.isPresent()) {
                return List.of(instead.get());
            }
        }
        List<Outcome> outcomes = new ArrayList<>(envelope.size());
        long started = clock.millis();
        for (int i = 0; i < envelope.size(); i++) {
            if (!delivery.begin(i, clock.millis())) {
                // A lease handed the rest back while the task before ran.
                break;
            }
            if (i > 0 && clock.millis() - started >= CHUNK_SLICE_MS) {
                outcomes.addAll(requeue(envelope, i));
                break;
            }
            TaskEnvelope task = envelope.item(i);
            awaitTurn(task.type());
            outcomes.add(delivery.finished(running.cancelled(task.batch()) ? new Outcome.Skipped(task.taskId())
                    : executeTracked(handler.get(), task, events, delivery.token())));
        }
        return outcomes;
    }

    /** A rate-limited type waits for its turn on the thread that will run it; others go at once. */
    private void awaitTurn(String type) {
        try {
            rates.awaitTurn(type);
        } catch (InterruptedException e) {
            // A stopping worker: the task runs interrupted, fails, and comes back as any interrupted task does.
            Thread.currentThread().interrupt();
        }
    }

    /** Tasks {@code from} onwards of a chunk, each to go back to the queue as a message of its own. */
    private static List<Outcome> requeue(TaskEnvelope chunk, int from) {
        List<Outcome> rest = new ArrayList<>(chunk.size() - from);
        for (int i = from; i < chunk.size(); i++) {
            rest.add(new Outcome.Requeued(chunk.item(i)));
        }
        return rest;
    }

    private static List<TaskId> ids(TaskEnvelope envelope) {
        List<TaskId> ids = new ArrayList<>(envelope.size());
        for (int i = 0; i < envelope.size(); i++) {
            ids.add(envelope.item(i).taskId());
        }
        return ids;
    }

    private Outcome executeTracked(TaskHandler handler, TaskEnvelope task, LogSpec events, long token) {
        TaskId id = task.taskId();
        long start = clock.millis();
        listener.started(new TaskStart(id, task.type(), task.attempt(), Math.max(0, start - task.createdAt())));
        Span span = tracing.startExecute(task.headers(), id.toString(), task.type(), task.attempt());
        try (Scope ignored = span.makeCurrent(); RunningTasks.Running control = running.start(id, events, token)) {
            Outcome outcome = execute(handler, task, id, span, control);
            Outcome settled = running.cancelled(task.batch()) ? new Outcome.Skipped(id) : outcome;
            listener.executed(new TaskExecution(id, task.type(), task.attempt(), tagOf(settled),
                    clock.millis() - start, errorClassOf(settled)));
            return settled;
        } finally {
            span.end();
            // A time limit or a cancellation may interrupt just as the handler returns: do not
            // leak the flag to the next task on this thread.
            Thread.interrupted();
        }
    }

    private Outcome execute(TaskHandler handler, TaskEnvelope envelope, TaskId id, Span span, TaskControl control) {
        String trace = TaskTracing.traceId(span);
        long start = clock.millis();
        Thread self = Thread.currentThread();
        AtomicBoolean limitReached = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        ScheduledFuture<?> limit = timer.schedule(() -> {
            limitReached.set(true);
            self.interrupt();
            timer.schedule(() -> {
                if (!finished.get()) {
                    listener.wedged(id, config.hungGraceMs());
                }
            }, config.hungGraceMs(), TimeUnit.MILLISECONDS);
        }, envelope.timeLimitMs(), TimeUnit.MILLISECONDS);
        // What a handler logs names its task: in a JSON log these are fields of every line.
        MDC.put(MDC_TASK, id.toString());
        MDC.put(MDC_BATCH, id.batch());
        MDC.put(MDC_TYPE, envelope.type());
        if (trace != null) {
            MDC.put(MDC_TRACE, trace);
            MDC.put(MDC_SPAN, span.getSpanContext().getSpanId());
        }
        try {
            var result = handler.handle(new TaskContext(id, envelope.payload(), envelope.attempt(), config.workerId(),
                    config.files(), control));
            int resultBytes = sizeOf(result);
            if (resultBytes > resultLimit()) {
                return failed(envelope, id, "ResultTooLarge", "the result encodes to " + resultBytes
                        + " bytes, over the limit of " + resultLimit() + ": return less, or store it and return where",
                        false, start, span);
            }
            return new Outcome.Completed(CompletionEvent.succeeded(id, result, envelope.attempt(), config.workerId(),
                    clock.millis() - start, clock.millis()).withTrace(trace), resultBytes);
        } catch (Exception | LinkageError | StackOverflowError e) {
            if (limitReached.get()) {
                return failed(envelope, id, "TimeLimitExceeded",
                        "ran past its limit of " + envelope.timeLimitMs() + " ms", true, start, span);
            }
            span.recordException(e);
            return failed(envelope, id, e.getClass().getSimpleName(), String.valueOf(e.getMessage()),
                    !(e instanceof NonRetryableTaskException), start, span);
        } finally {
            finished.set(true);
            limit.cancel(false);
            MDC.remove(MDC_TASK);
            MDC.remove(MDC_BATCH);
            MDC.remove(MDC_TYPE);
            MDC.remove(MDC_TRACE);
            MDC.remove(MDC_SPAN);
        }
    }

    private static String tagOf(Outcome outcome) {
        if (outcome instanceof Outcome.Completed) {
            return "succeeded";
        }
        if (outcome instanceof Outcome.Retry) {
            return "retried";
        }
        return outcome instanceof Outcome.Skipped ? "cancelled" : "dead_lettered";
    }

    /** What an error string ({@code Class: message}) names first; null for an outcome without one. */
    private static String errorClassOf(Outcome outcome) {
        String error = outcome instanceof Outcome.Retry retry ? retry.error()
                : outcome instanceof Outcome.DeadLetter dead && !dead.events().isEmpty() ? dead.events().get(0).error()
                : null;
        if (error == null) {
            return null;
        }
        int colon = error.indexOf(':');
        return colon < 0 ? error : error.substring(0, colon);
    }

    /**
     * Where signatures are required, a task runs only within the signing's lifetime from when
     * it was made or became due, both in its signed part: a captured task replayed later is
     * refused.
     */
    private boolean expired(TaskEnvelope envelope) {
        if (!codec.signing().required()) {
            return false;
        }
        long validFrom = Math.max(envelope.createdAt(), envelope.notBefore());
        return clock.millis() - validFrom > codec.signing().taskLifetime().toMillis();
    }

    /** Results travel in completion events: a quarter of the message limit keeps any event well inside it. */
    int resultLimit() {
        return codec.maxBytes() / 4;
    }

    /**
     * What a result encodes to: a bound found by walking it when the bound is within the
     * limit (most results, and no encoding spent), the exact size otherwise.
     */
    private int sizeOf(JsonNode result) {
        if (result == null) {
            return 0;
        }
        long bound = boundOf(result, resultLimit());
        if (bound <= resultLimit()) {
            return (int) bound;
        }
        try {
            return codec.mapper().writeValueAsBytes(result).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * At least what {@code node} encodes to: six bytes a character of text (what a control
     * character escaped takes), 32 a number, plus quotes and separators; stops once past
     * {@code limit}.
     */
    private static long boundOf(JsonNode node, long limit) {
        long bytes = 0;
        java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty() && bytes <= limit) {
            JsonNode next = pending.pop();
            if (next.isObject()) {
                bytes += 2;
                var fields = next.fields();
                while (fields.hasNext()) {
                    var field = fields.next();
                    bytes += 6L * field.getKey().length() + 4;
                    pending.push(field.getValue());
                }
            } else if (next.isArray()) {
                bytes += 2 + next.size();
                next.forEach(pending::push);
            } else if (next.isTextual()) {
                bytes += 6L * next.textValue().length() + 2;
            } else if (next.isBinary()) {
                bytes += 2L * next.asText().length() + 2;
            } else {
                bytes += 32;
            }
        }
        return bytes;
    }

    private Outcome failed(TaskEnvelope envelope, TaskId id, String errorClass, String message, boolean retryable,
                           long start, Span span) {
        String trace = TaskTracing.traceId(span);
        int maxAttempts = config.retry().maxAttempts(envelope.maxAttempts(), handlers.maxAttempts(envelope.type()));
        if (retryable && envelope.attempt() < maxAttempts) {
            return new Outcome.Retry(envelope.nextAttempt().withHeaders(TaskTracing.firstAttempt(envelope.headers(),
                    span)), config.retry().delayAfter(envelope.attempt()),
                    errorClass + ": " + message);
        }
        String reason = retryable ? "failed" : "non-retryable";
        long now = clock.millis();
        CompletionEvent event = CompletionEvent.failed(id, errorClass + ": " + message, envelope.attempt(),
                config.workerId(), now - start, now).withTrace(trace);
        return new Outcome.DeadLetter(codec.encode(envelope), reasonHeaders(reason, errorClass, message,
                envelope.attempt()), List.of(event));
    }

    private Outcome deadLetter(byte[] body, String reason, String errorClass, String message, List<TaskId> ids,
                               int attempt) {
        long now = clock.millis();
        return new Outcome.DeadLetter(body, reasonHeaders(reason, errorClass, message, attempt), ids.stream()
                .map(id -> CompletionEvent.failed(id, errorClass + ": " + message, attempt, config.workerId(), 0, now))
                .toList());
    }

    private Map<String, String> reasonHeaders(String reason, String errorClass, String message, int attempts) {
        Map<String, String> headers = new HashMap<>();
        headers.put(Headers.REASON, reason);
        headers.put(Headers.ERROR_CLASS, errorClass);
        headers.put(Headers.ERROR, message);
        headers.put(Headers.ATTEMPTS, Integer.toString(attempts));
        headers.put(Headers.WORKER, config.workerId());
        headers.put(Headers.FAILED_AT, clock.instant().toString());
        return headers;
    }
}
