package io.taskmill.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.taskmill.task.BatchSealed;
import io.taskmill.task.Callback;
import io.taskmill.task.CallbackDeclared;
import io.taskmill.task.ProducerBeat;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.trace.TaskTracing;
import io.taskmill.transport.Capability;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Priority;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the tasks of one batch: {@code Queue.put} with a feeder that waits for broker
 * confirms. A task counts as submitted only once confirmed; {@link #seal()} waits for all
 * of them and then records the batch's size in the event log, which is what lets any
 * coordinator know when the batch is done. Publishing the same tasks again under the same
 * batch id (a producer killed mid-submit, resumed) runs some twice but counts each once.
 * Not thread-safe: one batch, one thread.
 */
public final class BatchPublisher {

    private final Transport transport;
    private final ResilientPublisher publisher;
    private final TaskCodec codec;
    private final String queue;
    private final String batch;
    private final Duration timeLimit;
    private final Clock clock;
    private final Object confirms = new Object();
    private long submitted;
    private long confirmed;
    private long refused;
    private String firstRefusal;
    private boolean sealed;
    private final Span span;
    private final Map<String, String> traceHeaders;
    private Instant due;
    private Priority priority = Priority.NORMAL;
    private String key;
    private Lane lane = Lane.DEFAULT;
    private ScheduledFuture<?> beating;
    private Callback then;

    /** Longer keys are a payload in disguise: keys name tenants and customers. */
    public static final int MAX_KEY_LENGTH = 200;

    /** The longest a task may be put off: further than that is a typo more often than a plan. */
    public static final Duration MAX_DELAY = Duration.ofDays(365);

    BatchPublisher(Transport transport, ResilientPublisher publisher, TaskCodec codec, String queue, String batch,
                   Duration timeLimit, Clock clock, Span span) {
        this.span = span;
        this.traceHeaders = withEventLog(TaskTracing.headers(span), transport, batch);
        this.transport = transport;
        this.publisher = publisher;
        this.codec = codec;
        this.queue = queue;
        this.batch = batch;
        this.timeLimit = timeLimit;
        this.clock = clock;
    }

    /**
     * What runs once this batch is final, with no process waiting for it: declared as the
     * batch is sealed, fired once by whichever worker sees the batch final first.
     */
    public BatchPublisher then(Callback callback) {
        if (sealed) {
            throw new IllegalStateException("batch " + batch + " is sealed: its callback comes before its seal");
        }
        this.then = callback;
        return this;
    }

    /** A callback on this batch's queue, given the batch's summary and {@code payload}; a failed task stops it. */
    public BatchPublisher then(String type, JsonNode payload) {
        return then(Callback.summary(type, payload, queue));
    }

    /** The callback declared, or null. */
    public Callback callback() {
        return then;
    }

    public String id() {
        return batch;
    }

    /**
     * Tasks submitted from now on start no earlier than {@code when} (null: at once). The
     * broker holds them until then, no worker does; they count as pending in a join, and a
     * cancel of the batch reaches them.
     *
     * @throws IllegalArgumentException for a time more than {@link #MAX_DELAY} ahead
     */
    public BatchPublisher notBefore(Instant when) {
        if (when != null && Duration.between(clock.instant(), when).compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("a task may be put off " + MAX_DELAY.toDays() + " days at most, not until "
                    + when);
        }
        this.due = when;
        return this;
    }

    /**
     * Tasks submitted from now on have this priority (null: normal). Every worker starts the
     * highest priority it holds, and a waiting lower one at least once in every
     * {@code 9} starts.
     *
     * @throws UnsupportedOperationException on a transport without lanes
     */
    public BatchPublisher priority(Priority level) {
        Priority wanted = level == null ? Priority.NORMAL : level;
        lane = checked(Lane.of(wanted, key));
        priority = wanted;
        return this;
    }

    /**
     * Tasks submitted from now on belong to this key (a tenant, a customer; null: none), and
     * workers share their capacity between the keys that have work, so a small batch of one
     * key does not wait behind another key's backlog.
     *
     * @throws UnsupportedOperationException on a transport without lanes
     */
    public BatchPublisher key(String fairKey) {
        if (fairKey != null && (fairKey.isBlank() || fairKey.length() > MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("a key must be 1 to " + MAX_KEY_LENGTH + " characters, not blank");
        }
        lane = checked(Lane.of(priority, fairKey));
        key = fairKey;
        return this;
    }

    private Lane checked(Lane wanted) {
        requireLane(transport, wanted);
        return wanted;
    }

    static void requireLane(Transport transport, Lane lane) {
        if (!lane.isDefault() && !transport.capabilities().has(Capability.LANES)) {
            throw new UnsupportedOperationException("priorities and keys need a transport with lanes: "
                    + transport.describe() + " has none (RabbitMQ, NATS, Redis and the embedded mem:// have)");
        }
    }

    /**
     * The W3C trace id every task of this batch carries: the caller's trace when it opened
     * the batch inside one, a fresh one otherwise. Handlers log it and completion events name it.
     */
    public String traceId() {
        return TaskTracing.traceId(span);
    }

    /** Publishes one task; returns once it is sent, not yet confirmed (see {@link #seal()}). */
    public TaskId submit(String type, JsonNode payload) {
        return submit(type, payload, 0);
    }

    /** As {@link #submit(String, JsonNode)}, with its own attempt limit (0: its type's default). */
    public TaskId submit(String type, JsonNode payload, int maxAttempts) {
        TaskId id = nextId();
        publish(TaskEnvelope.create(id, type, payload, timeLimit.toMillis(), clock.millis())
                .withMaxAttempts(maxAttempts));
        return id;
    }

    /** The id the next submitted task will get. */
    public TaskId nextId() {
        return new TaskId(batch, submitted);
    }

    /**
     * Publishes many small tasks in one message: each still has its own id, result, retries
     * and dead letter, but the broker sees one message. This is how tasks much shorter than
     * a message round trip stay cheap.
     *
     * @return the first task's id; the others follow it in order
     */
    public TaskId submitChunk(String type, List<JsonNode> payloads) {
        return submitChunk(type, payloads, 0);
    }

    /** As {@link #submitChunk(String, List)}, every task with this attempt limit (0: its type's default). */
    public TaskId submitChunk(String type, List<JsonNode> payloads, int maxAttempts) {
        TaskId first = nextId();
        publishChunk(type, payloads, maxAttempts);
        return first;
    }

    /** As {@link #submitChunk}; the future completes once the broker confirmed the message, or fails for good. */
    CompletableFuture<Void> publishChunk(String type, List<JsonNode> payloads, int maxAttempts) {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("a chunk needs at least one task");
        }
        TaskId first = nextId();
        return publish((payloads.size() == 1
                ? TaskEnvelope.create(first, type, payloads.get(0), timeLimit.toMillis(), clock.millis())
                : TaskEnvelope.chunk(first, type, payloads, timeLimit.toMillis(), clock.millis()))
                .withMaxAttempts(maxAttempts));
    }

    /**
     * Names the batch's event partition in every task, so that a worker reports where the
     * joins of this batch read whatever count it was started with; a task of a deployment
     * of one log names none.
     */
    private static Map<String, String> withEventLog(Map<String, String> headers, Transport transport, String batch) {
        LogSpec log = transport.eventPartitions().of(batch);
        if (log.equals(Logs.EVENTS)) {
            return headers;
        }
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(TaskEnvelope.EVENTS, log.name());
        return Map.copyOf(all);
    }

    private CompletableFuture<Void> publish(TaskEnvelope envelope) {
        if (sealed) {
            throw new IllegalStateException("batch " + batch + " is sealed");
        }
        TaskEnvelope sent = envelope.withHeaders(traceHeaders);
        if (priority != Priority.NORMAL) {
            sent = sent.withHeaders(Map.of(TaskEnvelope.PRIORITY, priority.label()));
        }
        if (key != null) {
            sent = sent.withHeaders(Map.of(TaskEnvelope.KEY, key));
        }
        long delay = 0;
        if (due != null) {
            sent = sent.withHeaders(Map.of(TaskEnvelope.NOT_BEFORE, Long.toString(due.toEpochMilli())));
            delay = due.toEpochMilli() - clock.millis();
        }
        byte[] body = codec.encode(sent);
        submitted += envelope.size();
        long tasks = envelope.size();
        CompletableFuture<Void> published = delay > 0
                ? publisher.publishLater(queue, lane, body, Duration.ofMillis(delay), envelope.messageId())
                : publisher.publish(queue, lane, body, envelope.messageId());
        published.whenComplete((ok, failure) -> {
            synchronized (confirms) {
                if (failure == null) {
                    confirmed += tasks;
                } else {
                    refused += tasks;
                    if (firstRefusal == null) {
                        firstRefusal = failure.getMessage();
                    }
                }
                confirms.notifyAll();
            }
        });
        return published;
    }

    /**
     * Waits until the broker confirmed every task, then records the batch's size.
     *
     * @return the number of tasks in the batch
     * @throws TransportException when some task was not confirmed: the batch is not sealed
     */
    public long seal() throws InterruptedException {
        synchronized (confirms) {
            while (confirmed + refused < submitted) {
                confirms.wait();
            }
            if (refused > 0) {
                throw new TransportException(refused + " of " + submitted + " tasks of batch " + batch
                        + " were not confirmed by the broker after " + ResilientPublisher.MAX_ATTEMPTS + " tries ("
                        + firstRefusal + "; " + publisher.breakerState() + "); the batch is not sealed: "
                        + "submit again with --batch " + batch + " once the broker is back");
            }
        }
        try {
            if (then != null) {
                // Before the seal: a worker that sees the batch final has heard of its callback.
                transport.log(Logs.CONTROL).append(codec.encode(CallbackDeclared.of(batch, then, clock.millis())))
                        .get(2, TimeUnit.MINUTES);
            }
            publisher.append(batch, codec.encode(BatchSealed.of(batch, submitted, clock.millis())))
                    .get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new TransportException("cannot seal batch " + batch + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new TransportException("the broker did not confirm the seal of batch " + batch + " within 2 minutes", e);
        }
        sealed = true;
        stopBeating();
        span.end();
        return submitted;
    }

    /**
     * Appends a {@link ProducerBeat} every {@code every} until the batch is sealed, as its
     * opening promised, so that a join can tell a producer that stopped from a slow one. A
     * beat the broker does not take is not tried again: the next one follows.
     */
    void beatEvery(ScheduledExecutorService beats, Duration every) {
        beating = beats.scheduleWithFixedDelay(() -> {
            try {
                transport.events(batch).append(codec.encode(ProducerBeat.of(batch, clock.millis())));
            } catch (RuntimeException e) {
                // The broker is away; the join hears that from its own reader.
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** No more beats: the batch is sealed, or its client closed (then a join rightly hears it stopped). */
    void stopBeating() {
        if (beating != null) {
            beating.cancel(false);
        }
    }
}
