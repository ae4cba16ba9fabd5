package io.taskmill.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.JoinSummary;
import io.taskmill.coordinator.NoSuchBatchException;
import io.taskmill.task.BatchCancelled;
import io.taskmill.task.BatchEvent;
import io.taskmill.task.CallbackDeclared;
import io.taskmill.task.CallbackFired;
import io.taskmill.task.CallbackProposed;
import io.taskmill.task.CompletionEvent;
import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskId;
import io.taskmill.task.TaskStatus;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's part in batch callbacks. It follows the control log for callbacks declared,
 * joins each such batch as any client would, and once the batch is final proposes to fire
 * its callback; the proposal that holds it in log order ({@link CallbackBook}) fires it. No
 * client, coordinator or particular worker has to live: any worker that sees the batch
 * final proposes, and if the holder dies before settling it, another takes over after the
 * lease.
 */
public final class CallbackWatch implements AutoCloseable {

    /** How often a worker with a final batch looks whether the callback's holder let its lease run out. */
    static final Duration RECHECK = Duration.ofSeconds(5);
    /**
     * Batches with a callback this worker joins at once, each join a thread that waits for
     * its batch: more wait their turn (their callbacks are late, never lost), where a thread
     * each would let a burst of such batches exhaust the process.
     */
    static final int THREADS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(CallbackWatch.class);

    private final Transport transport;
    private final TaskCodec codec;
    private final Clock clock;
    private final String by;
    private final CallbackFirer firer;
    private final CallbackBook book = new CallbackBook();
    /** The joins of batches whose callback is not settled, one a batch; cancelled once it is settled. */
    private final Map<String, Future<?>> joins = new ConcurrentHashMap<>();
    /** Batches this worker saw final whose callback is not settled. */
    private final Map<String, BatchOutcome> outcomes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final Set<String> ownProposals = ConcurrentHashMap.newKeySet();
    /** Steps whose tasks this worker published, confirmed, while their callback is not yet settled. */
    private final Set<String> publishedSteps = ConcurrentHashMap.newKeySet();
    /** Batches cancelled, as the control log says them: a workflow's first batch stops its steps not yet run. */
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final ExecutorService work;
    /** Firings apart from the joins: a firing never waits behind joins of batches still running. */
    private final ExecutorService firing;
    private final ScheduledFuture<?> recheck;
    private final Subscription subscription;

    /**
     * @param lookBack how far back in the control log a starting worker looks for callbacks
     *                 not yet settled: batches declared earlier are left to the workers that
     *                 saw them
     * @param by       this worker's id, in its proposals
     */
    public CallbackWatch(Transport transport, TaskCodec codec, Clock clock, String by, Duration lookBack,
                         ScheduledExecutorService timer) {
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.by = by;
        this.timer = timer;
        this.firer = new CallbackFirer(transport, codec, clock, by);
        this.work = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "taskmill-callbacks");
            thread.setDaemon(true);
            return thread;
        });
        this.firing = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-callback-firing");
            thread.setDaemon(true);
            return thread;
        });
        this.subscription = transport.log(Logs.CONTROL).read(clock.millis() - lookBack.toMillis(), this::read);
        this.recheck = timer.scheduleWithFixedDelay(this::proposeWhereOpen, RECHECK.toMillis(), RECHECK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public Subscription subscription() {
        return subscription;
    }

    private void read(byte[] body) {
        BatchEvent event;
        try {
            event = codec.decodeEvent(body);
        } catch (MalformedMessageException e) {
            return;
        }
        if (event instanceof BatchCancelled cancel) {
            cancelled.add(cancel.batch());
            return;
        }
        if (!(event instanceof CallbackDeclared || event instanceof CallbackProposed
                || event instanceof CallbackFired)) {
            return;
        }
        Optional<CallbackProposed> holder;
        Optional<CallbackDeclared> settling = Optional.empty();
        synchronized (book) {
            if (event instanceof CallbackFired fired) {
                settling = book.declared(fired.batch());
            }
            holder = book.apply(event);
        }
        if (event instanceof CallbackFired fired && fired.outcome() == CallbackFired.Outcome.FIRED
                && by.equals(fired.by()) && settling.isPresent() && cancelled.contains(settling.get().workflow())) {
            // Its workflow was cancelled after this worker looked and before its firing was logged, and the
            // cancel's own look at the log may have missed the firing: this worker cancels the step it fired.
            firing.execute(() -> cancelStep(fired.callbackBatch()));
        }
        if (event instanceof CallbackDeclared declared) {
            startJoin(declared.batch());
        } else if (event instanceof CallbackFired fired) {
            outcomes.remove(fired.batch());
            Future<?> join = joins.remove(fired.batch());
            if (join != null) {
                // Read from the log's start, most settled callbacks are met settled within milliseconds.
                join.cancel(true);
            }
        }
        holder.filter(proposal -> ownProposals.remove(proposal.proposal()))
                .ifPresent(proposal -> firing.execute(() -> fire(proposal.batch(), clock.millis())));
    }

    private void startJoin(String batch) {
        synchronized (book) {
            if (book.settled(batch) || work.isShutdown()) {
                return;
            }
            joins.computeIfAbsent(batch, unjoined -> work.submit(() -> join(unjoined)));
        }
    }

    /** Joins the batch as a client would; once it is final, proposes. */
    private void join(String batch) {
        ConcurrentSkipListMap<Long, JsonNode> results = new ConcurrentSkipListMap<>();
        try {
            JoinSummary summary = new Coordinator(transport, codec, clock, Coordinator.DEFAULT_SEAL_TIMEOUT)
                    .join(batch, null, RECHECK, progress -> { }, completion -> keep(results, completion));
            synchronized (book) {
                if (book.settled(batch)) {
                    return;
                }
                outcomes.put(batch, new BatchOutcome(summary, new ArrayList<>(results.values())));
            }
            propose(batch);
        } catch (NoSuchBatchException e) {
            // Every worker that follows it says so: the batch will not end, so neither will its callback run.
            LOG.warn("the callback of batch {} will not run: {}", batch, e.getMessage());
        } catch (TransportException e) {
            LOG.warn("cannot tell whether batch {} is final; joining it again in {} s: {}", batch,
                    RECHECK.toSeconds(), e.getMessage());
            joins.remove(batch);
            try {
                timer.schedule(() -> startJoin(batch), RECHECK.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // The worker stops: the others carry on.
            }
        } catch (InterruptedException e) {
            // Its callback was settled elsewhere, or this worker stops.
            Thread.currentThread().interrupt();
        }
    }

    private static void keep(ConcurrentSkipListMap<Long, JsonNode> results, CompletionEvent completion) {
        if (completion.status() == TaskStatus.SUCCEEDED) {
            JsonNode result = completion.result();
            results.put(TaskId.parse(completion.id()).seq(), result == null ? NullNode.getInstance() : result);
        }
    }

    private void proposeWhereOpen() {
        outcomes.keySet().forEach(this::propose);
    }

    private void propose(String batch) {
        long now = clock.millis();
        synchronized (book) {
            if (book.settled(batch) || !book.open(batch, now)) {
                return;
            }
        }
        String proposal = UUID.randomUUID().toString();
        ownProposals.add(proposal);
        try {
            transport.log(Logs.CONTROL).append(codec.encode(CallbackProposed.of(batch, proposal, by, now)));
        } catch (RuntimeException e) {
            ownProposals.remove(proposal);
            LOG.warn("cannot propose to fire the callback of batch {}: {}", batch, e.getMessage());
        }
    }

    /**
     * @param since when this holder first tried: it tries again for half its lease, well
     *              before anyone takes over
     */
    private void fire(String batch, long since) {
        Optional<BatchOutcome> outcome = Optional.ofNullable(outcomes.get(batch));
        Optional<CallbackDeclared> declared;
        synchronized (book) {
            declared = book.declared(batch);
        }
        if (outcome.isEmpty() || declared.isEmpty()) {
            return;
        }
        try {
            CallbackFired settled = firer.fire(declared.get(), outcome.get(),
                    cancelled.contains(declared.get().workflow()), next -> {
                synchronized (book) {
                    return book.declared(next);
                }
            }, publishedSteps);
            transport.log(Logs.CONTROL).append(codec.encode(settled)).get(30, TimeUnit.SECONDS);
            if (settled.callbackBatch() != null) {
                publishedSteps.remove(settled.callbackBatch());
            }
            LOG.info("callback of batch {}: {}", batch, settled.outcome() == CallbackFired.Outcome.FIRED
                    ? "fired as batch " + settled.callbackBatch() : "not run: " + settled.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (clock.millis() + RECHECK.toMillis() - since < CallbackBook.LEASE.toMillis() / 2) {
                // A broker away for a moment (a restart): this holder tries again from where it failed, rather than
                // leave it to the lease, after which another worker would publish the step's tasks again.
                LOG.warn("cannot fire the callback of batch {} ({}): trying again in {} s", batch, e.getMessage(),
                        RECHECK.toSeconds());
                retryFire(batch, since);
                return;
            }
            // The lease runs out and a worker proposes again: this one too, as it still has the outcome.
            LOG.warn("cannot fire the callback of batch {} ({}): it is tried again once its lease of {} s runs out",
                    batch, e.getMessage(), CallbackBook.LEASE.toSeconds());
        }
    }

    private void retryFire(String batch, long since) {
        try {
            timer.schedule(() -> {
                boolean open;
                synchronized (book) {
                    open = !book.settled(batch);
                }
                if (open) {
                    firing.execute(() -> fire(batch, since));
                }
            }, RECHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The worker stops: the lease runs out and another worker fires it.
        }
    }

    private void cancelStep(String batch) {
        byte[] cancel = codec.encode(BatchCancelled.of(batch, clock.millis()));
        try {
            transport.events(batch).append(cancel).get(30, TimeUnit.SECONDS);
            transport.log(Logs.CONTROL).append(cancel).get(30, TimeUnit.SECONDS);
            LOG.info("cancelled batch {}: its workflow was cancelled as it was fired", batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("cannot cancel batch {}, a step of a cancelled workflow: {}", batch, e.getMessage());
        }
    }

    @Override
    public void close() {
        recheck.cancel(false);
        subscription.close();
        work.shutdownNow();
        firing.shutdownNow();
    }
}
