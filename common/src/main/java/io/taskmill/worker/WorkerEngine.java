package io.taskmill.worker;

import io.taskmill.config.Durations;
import io.taskmill.fleet.FleetWatch;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.trace.TaskTracing;
import io.taskmill.transport.Capability;
import io.taskmill.workflow.CallbackWatch;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.Headers;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.SubscriptionState;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks from one queue: multiprocessing's worker loop of {@code q.get()}, work,
 * {@code q.task_done()}. A delivery is acknowledged only after its completion event is
 * durable, so a crash anywhere before that redelivers the task instead of losing it.
 */
public final class WorkerEngine implements AutoCloseable {

    /** NEW → RUNNING → DRAINING → STOPPED; nothing goes back. */
    public enum State { NEW, RUNNING, DRAINING, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(WorkerEngine.class);
    private static final Duration FLEET_PATIENCE = Duration.ofSeconds(30);

    private final Transport transport;
    private final TaskCodec codec;
    private final WorkerConfig config;
    private final ScheduledExecutorService timer;
    private final TaskRunner runner;
    private final RunningTasks running;
    private final Clock clock;
    private final WorkerListener listener;
    private final CompletionWriter completions;
    private final Leases leases;
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong requeued = new AtomicLong();
    private final OutcomeRetry outcomes;
    private final Object idle = new Object();
    private int inFlight;
    private volatile State state = State.NEW;
    private ExecutorService pool;
    private List<TaskSubscription> subscriptions = List.of();
    private final Intake intake = new Intake();
    private final WorkWindow window;
    private final AtomicLong handedBack = new AtomicLong();
    private final RunTimes runTimes;
    private final Set<String> roles = new ConcurrentSkipListSet<>();
    private volatile CancellationWatch cancellations;
    private volatile CallbackWatch callbacks;
    private final HeartbeatPublisher heartbeats;
    private final String host = WorkerId.hostName();
    private final List<String> types;
    private volatile long startedAt;
    private final Map<String, Double> limits;
    /** Whether the transport has lanes beyond the default: asked once, not at every retry. */
    private final boolean lanes;
    /**
     * Followed from the start by a worker with rate limits, which shares each limit with the
     * live fleet; by others from the first task of a type they lack.
     */
    private volatile FleetWatch fleetWatch;
    private final Object fleetWatchLock = new Object();
    private boolean fleetWatchClosed;

    public WorkerEngine(Transport transport, HandlerRegistry handlers, TaskCodec codec, WorkerConfig config,
                        Clock clock, WorkerListener listener) {
        this.transport = transport;
        this.codec = codec;
        this.config = config;
        // A time far from what the fleet was told goes out in a heartbeat soon: producers pack by it.
        this.runTimes = new RunTimes(this::heartbeatSoon);
        this.listener = WorkerListener.all(List.of(runTimes, listener));
        this.completions = new CompletionWriter(transport, codec);
        this.clock = clock;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemonThreads("taskmill-timer"));
        // Every task schedules its time limit and cancels it when done: without this, each cancelled limit
        // stayed queued until it would have fired (10 minutes by default), a million of them (75 MB) after a
        // million quick tasks.
        timers.setRemoveOnCancelPolicy(true);
        this.timer = timers;
        this.outcomes = new OutcomeRetry(timer, clock, () -> state == State.STOPPED, this.listener::lost);
        this.limits = limits(handlers, config);
        this.lanes = transport.capabilities().has(Capability.LANES);
        this.running = new RunningTasks(this::isCancelled, transport, codec, config.workerId(), clock);
        this.leases = transport.capabilities().has(Capability.HOLDS_LONG_DELIVERIES) ? Leases.none()
                : Leases.of(transport, codec, clock, config.workerId(), config.leaseAfter(),
                        (outcome, log) -> makeDurable(outcome, log, null), this::laneOf);
        this.runner = new TaskRunner(codec, handlers, config, timer, clock, this.listener, running,
                TaskTracing.global(), new FleetRates(limits, this::fleet, config.queue(), clock),
                this::runElsewhere, transport.eventPartitions(), leases);
        this.types = handlers.types().stream().sorted().toList();
        this.window = config.windowByTime() ? WorkWindow.byTime(config.concurrency(), config.windowCeiling(), clock)
                : WorkWindow.fixed(config.concurrency(), config.prefetch(), clock);
        this.heartbeats = new HeartbeatPublisher(transport.log(Logs.PRESENCE), codec.mapper(),
                () -> heartbeat(runTimes.tell()), WorkerHeartbeat.INTERVAL);
    }

    public WorkerEngine(Transport transport, HandlerRegistry handlers, TaskCodec codec, WorkerConfig config,
                        Clock clock) {
        this(transport, handlers, codec, config, clock, new WorkerListener() { });
    }

    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("worker already " + state);
        }
        pool = Executors.newFixedThreadPool(config.concurrency(), daemonThreads("taskmill-worker"));
        cancellations = new CancellationWatch(transport, codec, config.cancelLookBack(), running::interrupt);
        callbacks = new CallbackWatch(transport, codec, clock, config.workerId(), config.cancelLookBack(), timer);
        if (!limits.isEmpty()) {
            // Caught up before the first task: a worker joining a running fleet must not start at the whole limit.
            watchFleet();
            LOG.info("rate limits {} per second, shared with {} other live workers of queue {}", limits,
                    fleet().size(), config.queue());
        }
        // Running before the subscription exists: a queue full of waiting tasks delivers the first of them
        // before consume() returns, and a delivery that met a worker not yet running would be left unsettled
        // on a live channel, neither run nor handed back, for as long as this worker lives.
        state = State.RUNNING;
        List<TaskSubscription> consuming;
        try {
            consuming = LaneSubscriptions.open(consumedLanes(), lane -> transport.workQueue(config.queue(), lane)
                    .consume(window.size(), delivery -> accept(lane, delivery)));
        } catch (RuntimeException e) {
            state = State.STOPPED;
            pool.shutdownNow();
            cancellations.close();
            callbacks.close();
            closeFleetWatch();
            throw e;
        }
        subscriptions = List.copyOf(consuming);
        subscriptions.forEach(lane -> lane.failure().thenAccept(listener::lost));
        cancellations.failure().thenAccept(listener::lost);
        callbacks.subscription().failure().thenAccept(listener::lost);
        startedAt = clock.millis();
        heartbeats.start(timer);
        running.startReporting(timer);
        if (leases.active()) {
            long every = leases.lookEvery().toMillis();
            timer.scheduleAtFixedRate(() -> {
                leases.look();
                handBackWaitingSince(clock.millis() - config.leaseAfter().toMillis());
            }, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Hands back the deliveries that waited here unstarted since {@code before}: every thread
     * is busy with long tasks (a leased task frees its delivery's place, and the broker fills
     * it), and the broker would time these out as it would a long task, while another worker
     * may be free to start them.
     */
    private void handBackWaitingSince(long before) {
        if (state != State.RUNNING) {
            return;
        }
        List<Intake.Held> stale = intake.takeWaitingSince(before);
        stale.forEach(this::handBack);
        if (!stale.isEmpty()) {
            LOG.info("handed back {} deliveries that waited {} unstarted behind long tasks", stale.size(),
                    Durations.format(config.leaseAfter()));
        }
    }

    /** The lanes of the work queue this worker takes tasks from: every lane, on a transport that has them. */
    private List<Lane> consumedLanes() {
        return lanes ? Lane.all() : List.of(Lane.DEFAULT);
    }

    /** Live workers other than this one, as far as this worker follows them (see {@link #fleetWatch}). */
    private List<WorkerHeartbeat> fleet() {
        FleetWatch watch = fleetWatch;
        return watch == null ? List.of() : watch.live().stream()
                .filter(beat -> !beat.worker().equals(config.workerId())).toList();
    }

    /**
     * Whether another live worker of this queue, taking tasks, runs {@code type}: a task of a
     * type this worker lacks goes back for it. Unknown when the presence log cannot be read,
     * and then the task is dead-lettered as before.
     */
    private boolean runElsewhere(String type) {
        try {
            watchFleet();
        } catch (TransportException e) {
            LOG.warn("cannot tell whether another worker runs task type '{}': {}", type, e.getMessage());
            return false;
        }
        return fleet().stream().anyMatch(beat -> beat.runs(config.queue(), type) && "RUNNING".equals(beat.state()));
    }

    /** Follows the presence log from now on, caught up with it; its own lock, as catching up may take a while. */
    private void watchFleet() {
        synchronized (fleetWatchLock) {
            if (fleetWatch == null && !fleetWatchClosed) {
                fleetWatch = new FleetWatch(transport.log(Logs.PRESENCE), codec.mapper(), clock)
                        .awaitCaughtUp(FLEET_PATIENCE);
            }
        }
    }

    private void closeFleetWatch() {
        synchronized (fleetWatchLock) {
            fleetWatchClosed = true;
            if (fleetWatch != null) {
                fleetWatch.close();
            }
        }
    }

    /** The rate limits of the types this worker runs: a handler's own, replaced by the configuration's. */
    private static Map<String, Double> limits(HandlerRegistry handlers, WorkerConfig config) {
        Map<String, Double> limits = new TreeMap<>();
        for (String type : handlers.types()) {
            String declared = handlers.rate(type);
            if (!declared.isEmpty()) {
                limits.put(type, RateLimit.perSecond(declared, type + "=" + declared));
            }
        }
        config.rates().values().stream().filter(limit -> handlers.types().contains(limit.type()))
                .forEach(limit -> limits.put(limit.type(), limit.perSecond()));
        return limits;
    }

    /** How this worker was set up. */
    public WorkerConfig config() {
        return config;
    }

    private void heartbeatSoon() {
        heartbeats.soon();
    }

    /** What this worker says about itself on the presence log now. */
    public WorkerHeartbeat heartbeat() {
        return heartbeat(runTimes.meanMillis());
    }

    private WorkerHeartbeat heartbeat(Map<String, Double> meanMillis) {
        int holding;
        synchronized (idle) {
            holding = inFlight;
        }
        return new WorkerHeartbeat(WorkerHeartbeat.KIND, config.workerId(), host, config.queue(), types,
                config.concurrency(), holding, startedAt, clock.millis(), state.name(), completed.get(),
                deadLettered.get(), retried.get(), running.busy(), meanMillis, List.copyOf(roles),
                running.progress(WorkerHeartbeat.PROGRESS_SHOWN));
    }

    /** Says in every heartbeat from now on that this worker's process also does {@code role}. */
    public void announce(String role) {
        roles.add(role);
    }

    /**
     * Stops taking deliveries, lets running tasks finish and report, hands back deliveries
     * not yet started, and releases the subscription.
     *
     * @return true when every running task settled within {@code grace}
     */
    public boolean drain(Duration grace) {
        synchronized (this) {
            if (state != State.RUNNING) {
                return true;
            }
            state = State.DRAINING;
        }
        subscriptions.forEach(Subscription::cancel);
        boolean settled = awaitIdle(grace);
        pool.shutdownNow();
        subscriptions.forEach(Subscription::close);
        cancellations.close();
        callbacks.close();
        leases.close();
        closeFleetWatch();
        state = State.STOPPED;
        heartbeats.stop();
        timer.shutdownNow();
        return settled;
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(30));
    }

    public State state() {
        return state;
    }

    /**
     * Running and taking tasks: every lane of its work queue and its control log subscribed.
     * False while one recovers from a loss, and for good once one gave up.
     */
    public boolean healthy() {
        CancellationWatch watch = cancellations;
        CallbackWatch callbacksWatch = callbacks;
        return state == State.RUNNING && !subscriptions.isEmpty()
                && subscriptions.stream().allMatch(lane -> lane.state() == SubscriptionState.ACTIVE)
                && watch != null && watch.state() == SubscriptionState.ACTIVE
                && callbacksWatch != null && callbacksWatch.subscription().state() == SubscriptionState.ACTIVE;
    }

    /** Timers waiting to fire: time limits of running tasks, heartbeats, republishes. */
    int pendingTimers() {
        return ((ScheduledThreadPoolExecutor) timer).getQueue().size();
    }

    /** Tasks that succeeded here and were reported. */
    public long completed() {
        return completed.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** Tasks of cancelled batches settled without running (or interrupted). */
    public long skipped() {
        return skipped.get();
    }

    /** Tasks of chunks handed back to the queue one message each: see {@link TaskRunner#CHUNK_SLICE_MS}. */
    public long requeued() {
        return requeued.get();
    }

    /** Deliveries handed back unstarted when the window shrank: see {@link WorkWindow}. */
    public long handedBack() {
        return handedBack.get();
    }

    /** Deliveries this worker holds at most now. */
    public int window() {
        return window.size();
    }

    /** Failed attempts handed to the broker to try again later. */
    public long retried() {
        return retried.get();
    }

    /**
     * A delivery joins the intake and a thread is asked for: whichever delivery the intake
     * names when the thread is free runs, not necessarily this one (see {@link Intake}).
     */
    private void accept(Lane lane, Delivery delivery) {
        begin();
        intake.add(lane, delivery, clock.millis());
        try {
            pool.execute(this::processNext);
        } catch (RejectedExecutionException e) {
            end();
        }
    }

    private void processNext() {
        Delivery delivery = intake.next();
        if (delivery == null) {
            end();
            return;
        }
        process(delivery);
    }

    private void process(Delivery delivery) {
        if (state != State.RUNNING) {
            // Not started before the drain began: left unsettled, it goes back to the queue
            // when the subscription closes, for another worker.
            end();
            return;
        }
        TaskRunner.Ran ran;
        long began = clock.millis();
        long ranMillis;
        HeldDelivery held = leases.hold(new HeldDelivery(delivery));
        try {
            ran = runner.run(held);
            ranMillis = clock.millis() - began;
            // Made here, on a worker's thread: a log first used on a broker's thread (after a dead letter's
            // confirm) could not wait for the broker to declare it.
            completions.open(ran.events());
        } catch (RuntimeException | Error e) {
            LOG.error("worker failed outside any handler; the task will be redelivered", e);
            leases.forget(held);
            end();
            return;
        }
        // The tasks' own time, without the log's first making: what the window is sized by.
        window.ran(ranMillis, ran.outcomes().size()).ifPresent(this::resize);
        // What a lease's hand-off made durable already is not made so twice.
        List<Outcome> outcomes = held.unreported(ran.outcomes());
        List<CompletableFuture<Void>> durable = completions.together(() -> outcomes.stream()
                .map(outcome -> durably(outcome, ran.events(), delivery.identity())).toList());
        CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).whenComplete((ok, failure) -> {
            if (failure == null) {
                for (Outcome outcome : outcomes) {
                    listener.beforeAck(outcome.taskId(), outcome.kind());
                }
                held.ack();
                leases.release(held, outcomes);
                ran.outcomes().forEach(outcome -> counterOf(outcome).incrementAndGet());
            } else {
                leases.forget(held);
                LOG.warn("outcome not made durable before stop ({}); the broker will redeliver the message",
                        failure.getMessage());
            }
            end();
        });
    }

    /**
     * Takes the new window to the broker off the worker thread (on some brokers a round trip
     * per lane), then hands back the unstarted deliveries beyond it: they would wait here
     * while another worker may have a thread free.
     */
    private void resize(int size) {
        try {
            timer.execute(() -> {
                if (state != State.RUNNING) {
                    return;
                }
                subscriptions.forEach(lane -> lane.resize(size));
                int back = 0;
                while (intake.size() > window.unstarted() && state == State.RUNNING) {
                    Intake.Held held = intake.last();
                    if (held == null) {
                        break;
                    }
                    handBack(held);
                    back++;
                }
                if (back > 0) {
                    LOG.info("deliveries run {} ms now: holding {} at most, handed back {} not started",
                            Math.round(window.meanMillis()), size, back);
                } else {
                    LOG.debug("deliveries run {} ms now: holding {} at most", Math.round(window.meanMillis()), size);
                }
            });
        } catch (RejectedExecutionException e) {
            // Stopping: the window no longer matters.
        }
    }

    /**
     * Publishes an unstarted delivery to its lane again, then acknowledges it: a new message,
     * so that the broker's count of its deliveries is not raised as a rejection would.
     * Should the broker not take it, it stays here to run.
     */
    private void handBack(Intake.Held held) {
        begin();
        String id = "back-" + config.workerId() + "-" + handedBack.incrementAndGet();
        CompletableFuture<Void> published;
        try {
            published = transport.workQueue(config.queue(), held.lane()).publish(held.delivery().body(), id);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        published.whenComplete((ok, failure) -> {
            if (failure == null) {
                held.delivery().ack();
            } else {
                handedBack.decrementAndGet();
                accept(held.lane(), held.delivery());
            }
            end();
        });
    }

    /** Makes one outcome durable, trying again while the broker is away, until stopped (see {@link OutcomeRetry}). */
    private CompletableFuture<Void> durably(Outcome outcome, LogSpec events, String delivery) {
        return outcomes.durably(() -> makeDurable(outcome, events, delivery));
    }

    private boolean isCancelled(String batch) {
        CancellationWatch watch = cancellations;
        return watch != null && watch.cancelled(batch);
    }

    /** @param delivery the broker's name for the message the outcome was made of, or null */
    private CompletableFuture<Void> makeDurable(Outcome outcome, LogSpec events, String delivery) {
        if (outcome instanceof Outcome.Skipped || outcome instanceof Outcome.Superseded) {
            return CompletableFuture.completedFuture(null);
        }
        if (outcome instanceof Outcome.Completed done) {
            return completions.write(events, done.event(), done.resultBytes());
        }
        if (outcome instanceof Outcome.Retry retry) {
            LOG.info("task {} failed attempt {} ({}); retrying in {} ms", retry.next().id(),
                    retry.next().attempt() - 1, retry.error(), retry.delayMs());
            return laneOf(retry.next()).publishLater(codec.encode(retry.next()),
                    Duration.ofMillis(retry.delayMs()), later(retry.next(), "retry", delivery));
        }
        if (outcome instanceof Outcome.Deferred deferred) {
            return laneOf(deferred.task()).publishLater(codec.encode(deferred.task()),
                    Duration.ofMillis(deferred.delayMs()), later(deferred.task(), "later", delivery));
        }
        if (outcome instanceof Outcome.Requeued requeue) {
            // Not its own message id: a broker that drops duplicates may have seen that one (the producer's,
            // had it sent these tasks so packed), and would take the split-off tasks for it.
            return laneOf(requeue.task()).publish(codec.encode(requeue.task()),
                    requeue.task().messageId() + "/split");
        }
        Outcome.DeadLetter dead = (Outcome.DeadLetter) outcome;
        String id = dead.events().isEmpty() ? null : dead.events().get(0).id();
        LOG.warn("dead-lettering {}: {} ({})", id == null ? "a message" : "task " + id
                        + (dead.events().size() > 1 ? " and " + (dead.events().size() - 1) + " more" : ""),
                dead.reason().get(Headers.ERROR), dead.reason().get(Headers.REASON));
        Map<String, String> reason = dead.reason();
        if (delivery != null) {
            reason = new HashMap<>(reason);
            reason.put(Headers.DELIVERY, id == null ? delivery : delivery + "/" + id);
        }
        CompletableFuture<Void> kept = transport.workQueue(config.queue()).deadLetter(dead.body(), reason, id);
        return kept.thenCompose(ignored -> CompletableFuture.allOf(dead.events().stream()
                .map(event -> completions.write(events, event, 0)).toArray(CompletableFuture[]::new)));
    }

    /**
     * The name of a task put back for later: after the delivered message it came from, where
     * the broker names deliveries, so that a message delivered twice at once (JetStream did,
     * under load) makes one retry, not two that would each run the attempts left; else new
     * each time.
     */
    private String later(TaskEnvelope task, String why, String delivery) {
        return task.id() + "/" + why + "@" + (delivery != null ? delivery : task.attempt() + "." + clock.millis());
    }

    /** Where a task goes back to: its own lane, on a transport that has lanes. */
    private WorkQueue laneOf(TaskEnvelope task) {
        return transport.workQueue(config.queue(), lanes ? task.lane() : Lane.DEFAULT);
    }

    private AtomicLong counterOf(Outcome outcome) {
        return outcome instanceof Outcome.Completed ? completed : outcome instanceof Outcome.Retry ? retried
                : outcome instanceof Outcome.Requeued || outcome instanceof Outcome.Deferred ? requeued
                : outcome instanceof Outcome.Skipped || outcome instanceof Outcome.Superseded ? skipped
                : deadLettered;
    }

    private void begin() {
        synchronized (idle) {
            inFlight++;
        }
    }

    private void end() {
        synchronized (idle) {
            inFlight--;
            idle.notifyAll();
        }
    }

    private boolean awaitIdle(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
