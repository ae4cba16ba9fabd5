package io.taskmill.client;

import io.opentelemetry.context.Context;
import io.taskmill.trace.TaskTracing;
import io.taskmill.schedule.Schedule;
import io.taskmill.schedule.Scheduler;
import io.taskmill.schedule.Schedules;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.Progress;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.BatchCancelled;
import io.taskmill.task.BatchId;
import io.taskmill.task.BatchOpened;
import io.taskmill.task.CallbackFired;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.unique.UniqueClaim;
import io.taskmill.unique.UniqueKeys;
import io.taskmill.transport.AllEvents;
import io.taskmill.transport.BrokerObject;
import io.taskmill.transport.Capability;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.FlowListener;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.fleet.FleetWatch;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.Transports;
import io.taskmill.worker.WorkerBuilder;
import io.taskmill.worker.WorkerEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The producer side of Taskmill: open batches, submit tasks, join. One client holds one
 * broker connection; close it when done.
 *
 * <pre>{@code
 * try (TaskmillClient client = TaskmillClient.connect(ClientOptions.embedded())) {
 *     BatchPublisher batch = client.openBatch();
 *     batch.submit("count", json.objectNode().put("n", 1_000_000));
 *     batch.seal();
 *     JoinSummary summary = client.join(batch.id(), Duration.ofMinutes(1), p -> { }, r -> { });
 * }
 * }</pre>
 */
public final class TaskmillClient implements AutoCloseable {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    /** How often a producer says it still publishes an open batch (see {@code BatchOpened}). */
    static final Duration BEAT = Duration.ofSeconds(5);
    private static final Duration FLEET_PATIENCE = Duration.ofSeconds(15);

    private final ClientOptions options;
    private final Transport transport;
    private final TaskCodec codec;
    private final TaskTracing tracing = TaskTracing.global();
    private final Clock clock;
    private final WorkerEngine embedded;
    private final ResilientPublisher publisher;
    private final Duration beat;
    private final ScheduledExecutorService beats;

    private TaskmillClient(ClientOptions options, Clock clock, Duration beat) {
        this.options = options;
        this.clock = clock;
        this.beat = beat;
        this.beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-batch-beat");
            thread.setDaemon(true);
            return thread;
        });
        this.codec = new TaskCodec(options.signing());
        this.transport = Transports.open(options.broker(), options.topology());
        this.publisher = new ResilientPublisher(transport);
        this.embedded = options.embeddedWorkers() > 0 ? startEmbeddedWorkers(options) : null;
    }

    /** Connects to the broker the options name, and starts embedded workers if asked. */
    public static TaskmillClient connect(ClientOptions options) {
        return connect(options, Clock.systemUTC());
    }

    /** As {@link #connect(ClientOptions)}, with the clock that batch ids and timestamps come from. */
    public static TaskmillClient connect(ClientOptions options, Clock clock) {
        return connect(options, clock, BEAT);
    }

    /** As {@link #connect(ClientOptions, Clock)}, with the beat of its open batches: for tests of producers that stop. */
    static TaskmillClient connect(ClientOptions options, Clock clock, Duration beat) {
        return new TaskmillClient(options, clock, beat);
    }

    /** Opens a batch on the options' work queue. */
    public BatchPublisher openBatch() {
        return resumeBatch(BatchId.create(clock.instant()));
    }

    /**
     * Publishes (again) under an existing batch id, for a producer that died before
     * sealing: submitting the same tasks in the same order gives them the same ids. The
     * batch's opening is logged (again) before anything else, as every join relies on it.
     */
    public BatchPublisher resumeBatch(String batch) {
        return open(batch, options.queue());
    }

    private BatchPublisher open(String batch, String queue) {
        BatchId.requireValid(batch);
        try {
            publisher.append(batch, codec.encode(BatchOpened.beating(batch, clock.millis(), beat.toMillis())))
                    .get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new TransportException("cannot open batch " + batch + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new TransportException("the broker did not confirm the opening of batch " + batch
                    + " within 2 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while opening batch " + batch, e);
        }
        BatchPublisher opened = new BatchPublisher(transport, publisher, codec, queue, batch, options.timeLimit(),
                clock, tracing.startPublish(Context.current(), batch));
        opened.beatEvery(beats, beat);
        return opened;
    }

    /**
     * Opens a batch for the one task that runs for a unique key, unless a submission of the key
     * won within {@code window} before now (or is deciding as this one asks): then nothing is
     * opened, and the claim names the batch whose task runs for the key (join it for that
     * task's outcome). Submit one task to a batch this returns, and seal it.
     *
     * @throws IllegalArgumentException for a blank key, or a window outside 1s to 7d
     */
    public UniqueBatch openUnique(String key, Duration window) {
        // Before the unique-key log is made: a refused key declares nothing on the broker.
        UniqueKeys.requireValid(key, window);
        String batch = BatchId.create(clock.instant());
        UniqueKeys keys = new UniqueKeys(transport.log(Logs.UNIQUE), codec, clock);
        UniqueKeys.Race race = keys.race(key, new TaskId(batch, 0), window);
        if (!race.claim().first()) {
            return new UniqueBatch(race.claim(), null);
        }
        // Opened before its verdict is logged: a loser that joins the winner's batch finds it.
        BatchPublisher opened = open(batch, options.queue());
        try {
            keys.hold(race);
        } catch (RuntimeException e) {
            // Never to be published: a join of it hears its producer stopped.
            opened.stopBeating();
            throw e;
        }
        return new UniqueBatch(race.claim(), opened);
    }

    /**
     * What {@link #openUnique} gives: the claim, and the batch to publish the key's task to
     * when this submission is the {@linkplain UniqueClaim#first() first}, else null.
     */
    public record UniqueBatch(UniqueClaim claim, BatchPublisher batch) {
    }

    /** Periodic schedules on this broker: add, list, remove. */
    public Schedules schedules() {
        return new Schedules(transport.log(Logs.SCHEDULES), codec, clock);
    }

    /**
     * Starts firing this broker's schedules from here, as one of any number of schedulers
     * (each tick is submitted once among them); close it, or this client, to stop.
     *
     * @param name how this scheduler signs its claims: a worker id
     */
    public Scheduler startScheduler(String name) {
        return new Scheduler(transport.log(Logs.SCHEDULES), codec, clock, name, this::submitTick);
    }

    /**
     * One tick of a schedule: a batch of one task on the schedule's queue, sealed. Its id
     * comes from the tick, so that submitting the tick again gives the same ids.
     */
    private String submitTick(Schedule schedule, Instant tick) {
        BatchPublisher batch = open(BatchId.derived(tick, schedule.id() + "@" + tick.toEpochMilli()), schedule.queue());
        batch.submit(schedule.type(), schedule.payload());
        try {
            batch.seal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while sealing batch " + batch.id(), e);
        }
        return batch.id();
    }

    /** Hears when the broker pauses and resumes publishing (memory or disk alarms). */
    public void onFlowControl(FlowListener listener) {
        transport.onFlowControl(listener);
    }

    /** The work queue's dead letters. */
    public DeadLetters deadLetters() {
        return new DeadLetters(transport, codec, options.queue());
    }

    /** See {@link Coordinator#join}; a batch that shows no sign of life for 10 minutes before its seal is given up. */
    public JoinSummary join(String batch, Duration timeout, Consumer<Progress> progress,
                            Consumer<CompletionEvent> results) throws InterruptedException {
        return join(batch, timeout, Coordinator.DEFAULT_SEAL_TIMEOUT, progress, results);
    }

    /**
     * See {@link Coordinator#join}.
     *
     * @throws IllegalArgumentException when the broker lives in this process ({@code mem://})
     *                               and no workers run here: nothing could ever run the batch
     */
    public JoinSummary join(String batch, Duration timeout, Duration sealTimeout, Consumer<Progress> progress,
                            Consumer<CompletionEvent> results) throws InterruptedException {
        // Workers of this process announce themselves: a TaskmillWorker the application started counts too.
        if (!transport.capabilities().has(Capability.SHARED_ACROSS_PROCESSES) && embedded == null && workers().isEmpty()) {
            throw new IllegalArgumentException(options.broker() + " lives inside this process and no workers run in it: "
                    + "nothing would ever run batch " + batch + " (start embedded workers, or use a broker that "
                    + "consumer processes reach)");
        }
        return new Coordinator(transport, codec, clock, sealTimeout).join(batch, timeout, PROGRESS_EVERY, progress,
                results);
    }

    /**
     * Joins a batch and, in turn, every step its callbacks start (see
     * {@link BatchPublisher#then}): a chain, a fan-out and its fan-in. Ends at a step with no
     * callback, at a step whose callback did not run (it says why), or at a join that timed out.
     *
     * @param timeout  for each step's join, as {@link #join}
     * @param settling how long a final batch's callback may take to be fired before this fails
     * @throws TransportException when a final batch's callback is not fired within {@code settling}
     */
    public List<WorkflowJoin.Step> joinWorkflow(String batch, Duration timeout, Duration settling,
                                                Consumer<Progress> progress, Consumer<CompletionEvent> results)
            throws InterruptedException {
        return joinWorkflow(batch, step -> join(step, timeout, progress, results), settling);
    }

    /** As {@link #joinWorkflow(String, Duration, Duration, Consumer, Consumer)}, each step joined by {@code join}. */
    public List<WorkflowJoin.Step> joinWorkflow(String batch, WorkflowJoin.BatchJoin join, Duration settling)
            throws InterruptedException {
        try (WorkflowJoin workflow = new WorkflowJoin(transport, codec, clock, BatchId.requireValid(batch))) {
            return workflow.join(batch, join, settling);
        }
    }

    /**
     * Cancels a batch, durably: every join of it ends, counting the tasks not final by now as
     * cancelled; workers skip its tasks that have not started, also after they restart, and
     * interrupt those that run. A workflow's first batch cancels the workflow: the steps
     * fired so far are cancelled too, and those not yet run never are.
     *
     * @return the batches cancelled: this one, then the steps fired after it
     */
    public List<String> cancel(String batch) throws InterruptedException {
        // An id nobody submitted is a mistake to say, not a cancellation to report as done.
        EventLog events = new Coordinator(transport, codec, clock, Coordinator.DEFAULT_SEAL_TIMEOUT).requireOpened(batch);
        // Its control-log entry comes before the look below: a worker that fires a step after the entry, where
        // the look may miss it, reads the entry first and cancels that step itself.
        cancelIn(batch, events);
        List<String> cancelled = new java.util.ArrayList<>(List.of(batch));
        try (WorkflowJoin workflow = new WorkflowJoin(transport, codec, clock, batch)) {
            for (String step : workflow.firedAfter(batch, Duration.ofSeconds(30))) {
                cancelIn(step, transport.events(step));
                cancelled.add(step);
            }
        }
        return cancelled;
    }

    private void cancelIn(String batch, EventLog events) throws InterruptedException {
        byte[] cancel = codec.encode(BatchCancelled.of(BatchId.requireValid(batch), clock.millis()));
        try {
            // The event log first: from there on every join counts the batch as cancelled.
            events.append(cancel).get(30, TimeUnit.SECONDS);
            transport.log(Logs.CONTROL).append(cancel).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new TransportException("cannot cancel " + batch + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new TransportException("the broker did not confirm the cancellation of " + batch + " within 30 s", e);
        }
    }

    /**
     * A workflow as the logs hold it now: each step's batch and counts, how its callback was
     * settled, and the step waiting to be fired, if any. Nothing is waited for.
     *
     * @throws io.taskmill.coordinator.NoSuchBatchException when no producer opened {@code workflow}
     */
    public List<WorkflowStep> workflow(String workflow) throws InterruptedException {
        Coordinator coordinator = new Coordinator(transport, codec, clock, Coordinator.DEFAULT_SEAL_TIMEOUT);
        List<WorkflowStep> steps = new java.util.ArrayList<>();
        try (WorkflowJoin control = new WorkflowJoin(transport, codec, clock, BatchId.requireValid(workflow))) {
            String batch = workflow;
            String type = null;
            while (batch != null) {
                JoinSummary summary = coordinator.snapshot(batch);
                WorkflowJoin.StepState state = control.state(batch, Duration.ofSeconds(30));
                steps.add(new WorkflowStep(type, batch, summary, null));
                if (state.declared() == null) {
                    break;
                }
                type = state.declared().callback().type();
                if (state.settled() == null || state.settled().outcome() != CallbackFired.Outcome.FIRED) {
                    // The step after: not fired yet, or never to run, and why.
                    steps.add(new WorkflowStep(type, null, null,
                            state.settled() == null ? null : state.settled().reason()));
                    break;
                }
                batch = state.settled().callbackBatch();
            }
        }
        return steps;
    }

    /** The named work queues with what their live workers hold. */
    public List<QueueStatus> status(List<String> queues) {
        return status(queues, workers());
    }

    /** As {@link #status(List)}, with the fleet already known (from a {@link #watchFleet()}). */
    public List<QueueStatus> status(List<String> queues, List<WorkerHeartbeat> fleet) {
        return QueueStatus.of(queues, transport.statistics().status(queues), fleet);
    }

    /**
     * What this deployment holds on the broker for the work queues named and, with
     * {@code whole}, for itself: what {@link #delete} removes.
     */
    public List<BrokerObject> footprint(Collection<String> queues, boolean whole) {
        return transport.footprint(queues, whole);
    }

    /** Removes these from the broker, with every task, dead letter and log entry they hold. */
    public void delete(List<BrokerObject> objects) {
        transport.delete(objects);
    }

    /**
     * This client's work queue as an operator sees it, under its full name; its live workers
     * counted from the presence log, this process's own embedded workers among them.
     */
    public QueueStatus queueStatus() {
        return status(List.of(options.queue())).get(0);
    }

    /** The live workers of this deployment, by their latest heartbeats; reads the last few seconds of them. */
    public List<WorkerHeartbeat> workers() {
        try (FleetWatch watch = watchFleet()) {
            return watch.awaitCaughtUp(FLEET_PATIENCE).live();
        }
    }

    /**
     * Tasks of {@code type} to put in one message, for a batch of {@code tasks} (negative:
     * of unknown length), from what the live workers of this client's queue say about the
     * type (see {@link ChunkSizing}). A fleet that cannot be read now is taken as unknown.
     */
    public int perMessage(String type, long tasks) {
        if (tasks == 1) {
            // Nothing to pack: not worth a read of the presence log.
            return 1;
        }
        List<WorkerHeartbeat> fleet;
        try {
            fleet = embedded != null ? List.of(embedded.heartbeat()) : workers();
        } catch (TransportException e) {
            fleet = List.of();
        }
        return ChunkSizing.of(fleet, options.queue(), type).perMessage(tasks);
    }

    /** Follows the workers' heartbeats from a little before now until closed. */
    public FleetWatch watchFleet() {
        return new FleetWatch(transport.log(Logs.PRESENCE), codec.mapper(), clock);
    }

    /**
     * Follows the event log from {@code fromEpochMillis}, handing each raw entry to
     * {@code handler} (decode it with {@link #codec()}): for tools that watch every batch.
     */
    public Subscription followEvents(long fromEpochMillis, EventHandler handler) {
        return AllEvents.read(transport, fromEpochMillis, handler);
    }

    /**
     * Follows the control log from {@code fromEpochMillis}: cancellations, and workflows'
     * steps as they are declared and fired, for tools that show them.
     */
    public Subscription followControl(long fromEpochMillis, EventHandler handler) {
        return transport.log(Logs.CONTROL).read(fromEpochMillis, handler);
    }

    public String broker() {
        return transport.describe();
    }

    public TaskCodec codec() {
        return codec;
    }

    Transport transport() {
        return transport;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        beats.shutdownNow();
        if (embedded != null) {
            embedded.drain(Duration.ofSeconds(10));
        }
        publisher.close();
        transport.close();
    }

    private WorkerEngine startEmbeddedWorkers(ClientOptions options) {
        int threads = options.embeddedWorkers();
        WorkerEngine engine = WorkerBuilder.on(transport, HandlerRegistry.load()).codec(codec).queue(options.queue())
                .concurrency(threads).clock(clock).build();
        engine.start();
        return engine;
    }
}
