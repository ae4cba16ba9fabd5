package io.taskmill.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.task.Callback;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskProgress;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Lane;
import io.taskmill.transport.Priority;
import io.taskmill.transport.Topology;
import io.taskmill.unique.UniqueKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The lecture's {@code Pool}, across machines: {@code submit} is {@code apply_async},
 * {@code map} / {@code imap} / {@code imapUnordered} are their Pool namesakes.
 *
 * <pre>{@code
 * try (Taskmill taskmill = Taskmill.connect("mem://demo")) {          // or amqp://user:pass@host
 *     JsonNode one = taskmill.submit("count", Map.of("n", 1_000_000)).get(1, TimeUnit.MINUTES);
 *     List<JsonNode> all = taskmill.map("count", List.of(Map.of("n", 10), Map.of("n", 20)));
 * }
 * }</pre>
 *
 * A {@code mem://} URI runs workers in this JVM (one per core); with a broker URI
 * ({@code amqp://}, {@code nats://}) the work is done by consumer processes. Results arrive in completion events; a failed task
 * completes its future with a {@link TaskFailedException}. Thread-safe.
 */
public final class Taskmill implements AutoCloseable {

    /** How long a chain's final step may take to fire its next before its future fails saying so. */
    static final Duration RUN_SETTLING = Duration.ofMinutes(3);

    /** Tasks outstanding at most in a stream: results beyond it are not submitted yet. */
    static final int DEFAULT_WINDOW = 10_000;

    private final TaskmillClient client;
    private final ResultRouter router;
    private final ObjectMapper mapper;
    private final BatchPublisher session;
    /** Joins of tasks submitted before, for unique keys whose first submission was not this pool's. */
    private final ExecutorService joins;
    private final Priority priority;
    private final String key;
    /** False for a view made by {@link #withPriority} or {@link #withKey}: closing it closes nothing. */
    private final boolean owner;

    private Taskmill(ClientOptions options) {
        this.client = TaskmillClient.connect(options);
        this.mapper = client.codec().mapper();
        this.session = client.openBatch();
        this.router = new ResultRouter(client.transport(), client.codec(), this::queueNow);
        this.joins = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-unique-join");
            thread.setDaemon(true);
            return thread;
        });
        this.priority = Priority.NORMAL;
        this.key = null;
        this.owner = true;
    }

    private Taskmill(Taskmill base, Priority priority, String key) {
        BatchPublisher.requireLane(base.client.transport(), Lane.of(priority, key));
        this.client = base.client;
        this.mapper = base.mapper;
        this.session = base.session;
        this.router = base.router;
        this.joins = base.joins;
        this.priority = priority;
        this.key = key;
        this.owner = false;
    }

    /**
     * The same pool, submitting at this priority: a view sharing this one's connection, to
     * use while this one is open.
     */
    public Taskmill withPriority(Priority level) {
        return new Taskmill(this, level == null ? Priority.NORMAL : level, key);
    }

    /**
     * The same pool, submitting under this fair-sharing key (a tenant, a customer): workers
     * share their capacity between keys that have work. A view, as {@link #withPriority}.
     */
    public Taskmill withKey(String fairKey) {
        return new Taskmill(this, priority, fairKey);
    }

    /** {@code mem://name} (embedded, one worker per core) or a broker URI ({@code amqp://}, {@code nats://}). */
    public static Taskmill connect(String uri) {
        BrokerAddress address = BrokerAddress.parse(uri);
        ClientOptions options = "mem".equals(address.scheme())
                ? new ClientOptions(address, Topology.defaults(), Topology.DEFAULT_QUEUE,
                Runtime.getRuntime().availableProcessors(), ClientOptions.DEFAULT_TIME_LIMIT)
                : ClientOptions.remote(address, Topology.defaults(), Topology.DEFAULT_QUEUE);
        return new Taskmill(options);
    }

    public static Taskmill connect(ClientOptions options) {
        return new Taskmill(options);
    }

    /** How this pool's queue stands now, in words: what a task's future says when a timed get times out. */
    private String queueNow() {
        try {
            QueueStatus queue = client.queueStatus();
            return queue.unattended() ? queue.unattendedText() + ": start one (bin/taskmill-consumer)"
                    : "queue " + queue.queue() + " has " + queue.workers() + " live workers, " + queue.ready()
                    + " tasks ready and " + queue.inFlight() + " in their hands";
        } catch (RuntimeException e) {
            return "its queue cannot be read now (" + e.getMessage() + ")";
        }
    }

    /** One task; the future completes with its result (a JSON value, null for none). */
    public CompletableFuture<JsonNode> submit(String type, Object payload) {
        return submitChunk(type, List.of(toJson(payload))).get(0);
    }

    /**
     * One task that starts no earlier than {@code when} (Celery's {@code eta}, JobRunr's
     * {@code schedule}): the broker holds it until then, and {@link #cancel} reaches it.
     */
    public CompletableFuture<JsonNode> submitAt(String type, Object payload, Instant when) {
        synchronized (session) {
            session.notBefore(when);
            try {
                return submit(type, payload);
            } finally {
                session.notBefore(null);
            }
        }
    }

    /** One task that starts after {@code delay} (Celery's {@code countdown}, BullMQ's {@code delay}). */
    public CompletableFuture<JsonNode> submitLater(String type, Object payload, Duration delay) {
        return submitAt(type, payload, client.clock().instant().plus(delay));
    }

    /**
     * One task that runs once for {@code key} (an order id, a file's digest): a submission of
     * the key within {@code window} after a first one does not run again, and its future
     * completes with the first one's outcome. Two submitted at once, from any processes, agree
     * on which is first. Delivery stays at least once: a worker that dies mid-task has it run
     * again, as any task.
     *
     * @throws IllegalArgumentException for a blank key, or a window outside 1s to 7d
     */
    public CompletableFuture<JsonNode> submitUnique(String type, Object payload, String key, Duration window) {
        UniqueKeys.requireValid(key, window);
        JsonNode json = toJson(payload);
        TaskmillClient.UniqueBatch unique;
        try {
            unique = client.openUnique(key, window);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        TaskId task = TaskId.parse(unique.claim().task());
        if (unique.batch() == null) {
            return outcomeOf(task);
        }
        CompletableFuture<JsonNode> future = router.expect(task);
        try {
            unique.batch().priority(priority).key(this.key).submit(type, json);
            unique.batch().seal();
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
        }
        return future;
    }

    /**
     * A chain: this task, then {@code next} and the steps after it (see {@link Callback}),
     * each fired by the workers once the step before is final, with nobody waiting. The
     * future completes with the last step's result (of a fan-out, its results as a list in
     * task order), or fails with the first failed task's {@link TaskFailedException}, or with
     * why a step did not run.
     *
     * <pre>{@code
     * taskmill.chain("fetch", url, Callback.result("parse", "default").then(Callback.result("store", "default")));
     * }</pre>
     */
    public CompletableFuture<JsonNode> chain(String type, Object payload, Callback next) {
        BatchPublisher batch = client.openBatch();
        TaskFuture<JsonNode> future = new TaskFuture<>(batch.id(), this::queueNow);
        try {
            batch.priority(priority).key(key).submit(type, toJson(payload));
            batch.then(next).seal();
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(e);
            return future;
        }
        return joinedLater(future, () -> {
            Map<String, CompletionEvent> outcomes = new ConcurrentHashMap<>();
            List<WorkflowJoin.Step> steps = client.joinWorkflow(batch.id(), UniqueKeys.MAX_WINDOW, RUN_SETTLING,
                    progress -> { }, outcome -> outcomes.put(outcome.id(), outcome));
            complete(future, steps.get(steps.size() - 1), outcomes);
        });
    }

    /** A join that completes {@code future}, run on a thread of its own: an interrupt cancels the future. */
    private <T> CompletableFuture<T> joinedLater(CompletableFuture<T> future, Joining join) {
        joins.execute(() -> {
            try {
                join.run();
            } catch (InterruptedException e) {
                future.cancel(false);
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    @FunctionalInterface
    private interface Joining {
        void run() throws InterruptedException;
    }

    /** The last step joined: its result, its first failure, or why the step after it never ran. */
    private static void complete(CompletableFuture<JsonNode> future, WorkflowJoin.Step last,
                                 Map<String, CompletionEvent> outcomes) {
        String batch = last.summary().batch();
        Optional<CompletionEvent> failed = outcomes.values().stream()
                .filter(outcome -> outcome.batch().equals(batch) && outcome.status() != TaskStatus.SUCCEEDED)
                .min(java.util.Comparator.comparingLong(outcome -> TaskId.parse(outcome.id()).seq()));
        if (failed.isPresent()) {
            ResultRouter.complete(future, failed.get());
        } else if (last.stopped() != null) {
            future.completeExceptionally(new IllegalStateException("the chain stopped after batch " + batch + ": "
                    + last.stopped()));
        } else if (last.summary().timedOut() || last.summary().done() < last.summary().total()) {
            future.completeExceptionally(new IllegalStateException("the chain's batch " + batch + " ended with "
                    + last.summary().missing() + " tasks not final (" + last.summary().cancelled() + " cancelled)"));
        } else if (last.summary().total() == 1) {
            ResultRouter.complete(future, outcomes.get(batch + ":0"));
        } else {
            ArrayNode results = JsonNodeFactory.instance.arrayNode();
            for (long seq = 0; seq < last.summary().total(); seq++) {
                results.add(outcomes.get(batch + ":" + seq).result());
            }
            future.complete(results);
        }
    }

    /** The outcome of a task submitted before, from anywhere: its batch joined on a thread of its own. */
    private CompletableFuture<JsonNode> outcomeOf(TaskId task) {
        TaskFuture<JsonNode> future = new TaskFuture<>(task.toString(), this::queueNow);
        return joinedLater(future, () -> {
            JoinSummary summary = client.join(task.batch(), UniqueKeys.MAX_WINDOW, progress -> { }, completion -> {
                if (completion.id().equals(task.toString())) {
                    ResultRouter.complete(future, completion);
                }
            });
            future.completeExceptionally(new IllegalStateException("batch " + task.batch()
                    + " ended without an outcome of task " + task + " (" + summary.missing() + " missing, "
                    + summary.cancelled() + " cancelled)"));
        });
    }

    /** One task, its result read as {@code resultType}. */
    public <T> CompletableFuture<T> submit(String type, Object payload, Class<T> resultType) {
        return submit(type, payload).thenApply(result -> convert(result, resultType));
    }

    /**
     * Hears what the task's handler tells of its progress while it runs
     * ({@code TaskContext.progress}): the latest word, about once a second, on the thread that
     * reads the event log, so keep the listener short. Nothing comes once the future is done.
     *
     * @param task a future this Taskmill returned from {@code submit}, or one made from it
     *             ({@code thenApply}, ...)
     * @throws IllegalArgumentException for any other future
     */
    public void onProgress(CompletableFuture<?> task, Consumer<TaskProgress> listener) {
        if (!(task instanceof TaskFuture<?> future)) {
            throw new IllegalArgumentException("not a task's future: progress is heard on the futures submit returns");
        }
        future.onProgress(listener);
    }

    /** Results in input order, once all are done; the first failure is thrown. */
    public List<JsonNode> map(String type, List<?> inputs) {
        List<JsonNode> results = new ArrayList<>(inputs.size());
        imap(type, inputs, client.perMessage(type, inputs.size())).forEachRemaining(results::add);
        return results;
    }

    /**
     * Results in input order, as they become available; tasks go to messages as
     * {@link ChunkSizing} says (one each for a type not yet run, when the inputs are no
     * collection whose size is known).
     */
    public Iterator<JsonNode> imap(String type, Iterable<?> inputs) {
        return imap(type, inputs, client.perMessage(type, sizeOf(inputs)));
    }

    private static long sizeOf(Iterable<?> inputs) {
        return inputs instanceof java.util.Collection<?> known ? known.size() : -1;
    }

    /** As {@link #imap(String, Iterable)}, with {@code chunk} inputs to a message (each still its own task). */
    public Iterator<JsonNode> imap(String type, Iterable<?> inputs, int chunk) {
        return stream(type, inputs, chunk, true);
    }

    /** Results in the order tasks finish, with at most {@link #DEFAULT_WINDOW} outstanding. */
    public Iterator<JsonNode> imapUnordered(String type, Iterable<?> inputs) {
        return stream(type, inputs, client.perMessage(type, sizeOf(inputs)), false);
    }

    /** {@link #imapUnordered} as a sequential {@link Stream}. */
    public Stream<JsonNode> asCompleted(String type, Iterable<?> inputs) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(imapUnordered(type, inputs),
                Spliterator.ORDERED), false);
    }

    /** A batch of its own, to seal and {@link #join} from here or from another process. */
    public BatchPublisher batch() {
        return client.openBatch();
    }

    /** The client underneath, for what the Pool API does not say: batches, joins, the fleet. */
    public TaskmillClient client() {
        return client;
    }

    /** See {@link TaskmillClient#cancel(String)}. */
    public void cancel(String batch) throws InterruptedException {
        client.cancel(batch);
    }

    public JoinSummary join(String batch, Duration timeout) throws InterruptedException {
        return client.join(batch, timeout, progress -> { }, result -> { });
    }

    @Override
    public void close() {
        if (owner) {
            joins.shutdownNow();
            router.close();
            client.close();
        }
    }

    Iterator<JsonNode> stream(String type, Iterable<?> inputs, int chunk, boolean ordered) {
        return stream(type, inputs, chunk, ordered, Math.max(DEFAULT_WINDOW, chunk));
    }

    /** Tasks this client has submitted, for tests of back-pressure. */
    long submittedSoFar() {
        synchronized (session) {
            return session.nextId().seq();
        }
    }

    Iterator<JsonNode> stream(String type, Iterable<?> inputs, int chunk, boolean ordered, int window) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be >= 1");
        }
        Iterator<?> source = inputs.iterator();
        Iterator<JsonNode> json = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public JsonNode next() {
                return toJson(source.next());
            }
        };
        return new TaskStream(json, payloads -> submitChunk(type, payloads), window, chunk, ordered);
    }

    /** Views share the session, so they lock it, not themselves. */
    private List<CompletableFuture<JsonNode>> submitChunk(String type, List<JsonNode> payloads) {
        synchronized (session) {
            TaskId first = session.nextId();
            List<CompletableFuture<JsonNode>> futures = new ArrayList<>(payloads.size());
            for (int i = 0; i < payloads.size(); i++) {
                futures.add(router.expect(new TaskId(first.batch(), first.seq() + i)));
            }
            session.priority(priority).key(key).publishChunk(type, payloads, 0).whenComplete((ok, failure) -> {
                if (failure != null) {
                    futures.forEach(future -> future.completeExceptionally(failure));
                }
            });
            return futures;
        }
    }

    private JsonNode toJson(Object payload) {
        return payload instanceof JsonNode node ? node : mapper.valueToTree(payload);
    }

    private <T> T convert(JsonNode result, Class<T> type) {
        try {
            return mapper.treeToValue(result, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("result is not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }
}
