package io.taskmill.worker;

import io.taskmill.config.Durations;
import io.taskmill.coordinator.Coordinator;
import io.taskmill.coordinator.Lease;
import io.taskmill.coordinator.NoSuchBatchException;
import io.taskmill.coordinator.Tally;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskLeased;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Transport;
import io.taskmill.transport.WorkQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases for tasks that run longer than a broker lets a delivery wait for its
 * acknowledgement (RabbitMQ closes the channel of a consumer that holds one past its
 * {@code consumer_timeout}, and every delivery of the channel comes back, the long task to
 * run again). A task that has run {@link WorkerConfig#leaseAfter()} is leased: its worker
 * logs a {@link TaskLeased} entry, leaves a delayed copy of the task in the queue, hands the
 * rest of its chunk back, and acknowledges the delivery; it renews the entry while the task
 * runs. The copy comes back after the lease: when the task is final, or its holder renewed,
 * it goes (or waits again); when the lease lapsed (the holder died), its worker logs a
 * takeover, reads the log back to it, and runs the task only if the log says the takeover
 * holds, under the next fencing token. Every reader of the log decides the same way, so two
 * copies never both take over, and a holder that wakes up late finds its report ignored.
 *
 * <p>A broker that holds a delivery for as long as its task runs ({@link
 * io.taskmill.transport.Capability#HOLDS_LONG_DELIVERIES}) needs none of this: {@link #none()}.
 */
final class Leases implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    /** How long a lease's step may wait for the broker before it gives up (and the delivery is kept). */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** How often running tasks are looked at, or twice per lease time when that is under two seconds. */
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    /**
     * The lease's times, all from how long a task runs before it is leased: a lease lasts
     * three times that and is renewed each time, so a live holder's lease always reaches two
     * of them ahead, more than clocks that differ; a copy comes back half of one after the
     * lease, and a dead holder's task runs again within that after its last renewal.
     */
    record Terms(Duration after) {

        Duration length() {
            return after.multipliedBy(3);
        }

        Duration grace() {
            return after.dividedBy(2);
        }

        Duration copyDelay() {
            return length().plus(grace());
        }
    }

    /** What the worker does with an outcome of a hand-off: make it durable, as at the end of a delivery. */
    private final BiFunction<Outcome, LogSpec, CompletableFuture<Void>> durable;
    private final Function<TaskEnvelope, WorkQueue> laneOf;
    private final Transport transport;
    private final TaskCodec codec;
    private final Coordinator coordinator;
    private final Clock clock;
    private final String worker;
    private final Terms terms;
    private final Set<HeldDelivery> held = ConcurrentHashMap.newKeySet();
    /** The lanes whose delays are made ready, or being made. */
    private final Set<WorkQueue> prepared = ConcurrentHashMap.newKeySet();
    private final ExecutorService handOffs;

    private Leases(Transport transport, TaskCodec codec, Clock clock, String worker, Terms terms,
                   BiFunction<Outcome, LogSpec, CompletableFuture<Void>> durable,
                   Function<TaskEnvelope, WorkQueue> laneOf) {
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.worker = worker;
        this.terms = terms;
        this.durable = durable;
        this.laneOf = laneOf;
        this.coordinator = transport == null ? null
                : new Coordinator(transport, codec, clock, Coordinator.DEFAULT_SEAL_TIMEOUT);
        this.handOffs = transport == null ? null : Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-lease");
            thread.setDaemon(true);
            return thread;
        });
    }

    static Leases of(Transport transport, TaskCodec codec, Clock clock, String worker, Duration after,
                     BiFunction<Outcome, LogSpec, CompletableFuture<Void>> durable,
                     Function<TaskEnvelope, WorkQueue> laneOf) {
        return new Leases(transport, codec, clock, worker, new Terms(after), durable, laneOf);
    }

    /** For a broker that holds deliveries as long as tasks run: nothing is ever leased. */
    static Leases none() {
        return new Leases(null, null, Clock.systemUTC(), null, new Terms(Duration.ofDays(1)), null, null);
    }

    /** How often to {@link #look} at the running tasks (and the worker at the deliveries waiting). */
    Duration lookEvery() {
        Duration half = terms.after().dividedBy(2);
        return half.compareTo(LOOK_EVERY) < 0 ? half : LOOK_EVERY;
    }

    /** Whether this worker leases its long tasks: not on a broker that holds deliveries as long as they run. */
    boolean active() {
        return transport != null;
    }

    /**
     * Makes ready, off the caller's thread and once a lane, what a lease's copy is published
     * with, when a task of the lane has run half the lease time: the first lease then does not
     * wait for it while the broker's timeout runs (RabbitMQ declares a deployment's delay
     * ladder, 38 queues, on its first delay: a second or more). Not at start: a deployment
     * whose tasks are all short never needs the ladder. Only the task's lane: the hand-offs
     * wait behind it on their one thread, and making every lane ready first (a binding each,
     * on a loaded three-node cluster seconds in all) had the first leases of a CI run come
     * after the broker's 4-s timeout.
     */
    private void prepare(TaskEnvelope task) {
        WorkQueue lane = laneOf.apply(task);
        if (!prepared.add(lane)) {
            return;
        }
        handOffs.execute(() -> {
            try {
                lane.prepareLater();
            } catch (RuntimeException e) {
                LOG.debug("delays not made ready ahead ({}); the first lease makes them", e.getMessage());
            }
        });
    }

    /** A delivery this worker starts running: looked at every tick until {@link #release}. */
    HeldDelivery hold(HeldDelivery delivery) {
        if (active()) {
            held.add(delivery);
        }
        return delivery;
    }

    /**
     * The delivery's outcomes are durable: it is looked at no more, and a lease whose task
     * ended in anything but a report (a retry, a cancellation) is let go, so that its copy
     * does not run the attempt again beside the retry.
     */
    void release(HeldDelivery delivery, List<Outcome> outcomes) {
        held.remove(delivery);
        Optional<String> claim = delivery.claim();
        if (claim.isEmpty() || outcomes.stream().anyMatch(o -> o instanceof Outcome.Completed
                || o instanceof Outcome.DeadLetter)) {
            return;
        }
        TaskEnvelope task = delivery.leased();
        if (task != null) {
            append(delivery.events(), TaskLeased.of(task.taskId(), task.attempt(), claim.get(), worker, 0,
                    clock.millis())).exceptionally(e -> {
                        LOG.warn("lease of task {} not let go ({}): its copy comes back after it, finds the lease "
                                + "lapsed and runs the attempt again", task.id(), e.getMessage());
                        return null;
                    });
        }
    }

    /** A delivery that ends without its outcomes made durable: looked at no more, its lease left to lapse. */
    void forget(HeldDelivery delivery) {
        held.remove(delivery);
    }

    /** Looks at the running tasks: leases those that ran long, renews the leases held. */
    void look() {
        if (!active()) {
            return;
        }
        long now = clock.millis();
        for (HeldDelivery delivery : held) {
            delivery.runningFor(now).filter(ran -> ran >= terms.after().toMillis() / 2)
                    .flatMap(ran -> delivery.running()).ifPresent(this::prepare);
            delivery.handOffDue(now, terms.after().toMillis()).ifPresent(handOff -> {
                try {
                    handOffs.execute(() -> handOff(delivery, handOff));
                } catch (RejectedExecutionException e) {
                    delivery.handOffFailed();
                }
            });
            delivery.renewalDue(now, terms.after().toMillis()).ifPresent(claim -> renew(delivery, claim, now));
        }
    }

    private void renew(HeldDelivery delivery, String claim, long now) {
        TaskEnvelope task = delivery.leased();
        append(delivery.events(), TaskLeased.of(task.taskId(), task.attempt(), claim, worker,
                now + terms.length().toMillis(), now)).exceptionally(e -> {
                    delivery.renewalFailed();
                    LOG.warn("lease of task {} not renewed ({}); trying again", task.id(), e.getMessage());
                    return null;
                });
    }

    /**
     * Takes the delivery off the worker's hands while its task runs on: the lease's entry
     * first (a copy without it would find no lease and take over at once), then the copy,
     * the chunk's earlier outcomes and later tasks, and only once the broker has them all,
     * the acknowledgement.
     */
    private void handOff(HeldDelivery delivery, HeldDelivery.HandOff handOff) {
        TaskEnvelope task = handOff.running();
        String claim = UUID.randomUUID().toString();
        long now = clock.millis();
        try {
            await(append(handOff.events(), TaskLeased.of(task.taskId(), task.attempt(), claim, worker,
                    now + terms.length().toMillis(), now)));
            List<CompletableFuture<Void>> kept = new ArrayList<>();
            kept.add(copy(task, claim));
            handOff.earlier().forEach(outcome -> kept.add(durable.apply(outcome, handOff.events())));
            for (TaskEnvelope rest : handOff.rest()) {
                kept.add(laneOf.apply(rest).publish(codec.encode(rest), rest.messageId() + "/lease@" + claim));
            }
            await(CompletableFuture.allOf(kept.toArray(CompletableFuture[]::new)));
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            delivery.handOffFailed();
            LOG.warn("task {} has run {} but could not be leased ({}): its delivery stays unacknowledged, and a broker "
                    + "that times it out runs it again", task.id(), Durations.format(terms.after()), rootMessage(e));
            return;
        } catch (InterruptedException e) {
            delivery.handOffFailed();
            Thread.currentThread().interrupt();
            return;
        }
        if (delivery.handedOff(claim, now)) {
            delivery.ack();
            LOG.info("task {} has run {}: leased for {} at a time while it runs, its delivery acknowledged", task.id(),
                    Durations.format(terms.after()), Durations.format(terms.length()));
        }
    }

    /**
     * A lease's copy is delivered: what the log says of its task decides. Runs on the
     * worker's thread before the task would.
     *
     * @return what became of the copy instead of running it; empty when this worker runs the
     *         task now: it took it over, under the next fencing token
     */
    Optional<Outcome> takeOver(HeldDelivery delivery, TaskEnvelope copy, LogSpec events) {
        if (!active()) {
            // A copy replayed onto a broker that needs no leases: it is its task, and runs as one.
            return Optional.empty();
        }
        if (held.stream().anyMatch(other -> other.runsUnderLease(copy))) {
            // The copy came back to its own holder, which lives and renews: it waits for another lease.
            return Optional.of(new Outcome.Deferred(copy, terms.copyDelay().toMillis()));
        }
        String claim = UUID.randomUUID().toString();
        long now = clock.millis();
        try {
            await(append(events, TaskLeased.of(copy.taskId(), copy.attempt(), claim, worker,
                    now + terms.length().toMillis(), now)));
            Tally tally = coordinator.readThrough(copy.batch());
            Optional<Lease> lease = tally.lease(copy.taskId());
            if (tally.cancelled() || tally.isFinal(copy.taskId()) || lease.isEmpty() || lease.get().released()
                    || lease.get().attempt() != copy.attempt()) {
                return Optional.of(new Outcome.Superseded(copy.taskId()));
            }
            if (!lease.get().claim().equals(claim)) {
                long wait = Math.min(terms.copyDelay().toMillis(),
                        Math.max(terms.grace().toMillis(), lease.get().until() + terms.grace().toMillis() - now));
                return Optional.of(new Outcome.Deferred(copy, wait));
            }
            await(copy(copy, claim));
            delivery.takenOver(claim, lease.get().token(), now);
            delivery.ack();
            LOG.info("took task {} over: its lease lapsed ({} did not renew it), fencing token {}", copy.id(),
                    previousHolder(copy), lease.get().token());
            return Optional.empty();
        } catch (NoSuchBatchException e) {
            LOG.warn("lease copy of task {} dropped: {}", copy.id(), e.getMessage());
            return Optional.of(new Outcome.Superseded(copy.taskId()));
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            LOG.warn("cannot tell whether task {} is to be taken over ({}); its copy comes back later", copy.id(),
                    rootMessage(e));
            return Optional.of(new Outcome.Deferred(copy, terms.grace().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Outcome.Deferred(copy, terms.grace().toMillis()));
        }
    }

    private static String previousHolder(TaskEnvelope copy) {
        return "the worker of lease " + copy.headers().get(TaskEnvelope.LEASE_COPY);
    }

    /** The copy that takes the task over, should this worker stop renewing the lease {@code claim}. */
    private CompletableFuture<Void> copy(TaskEnvelope task, String claim) {
        TaskEnvelope copy = task.withHeaders(Map.of(TaskEnvelope.LEASE_COPY, claim));
        return laneOf.apply(copy).publishLater(codec.encode(copy), terms.copyDelay(), task.id() + "/lease@" + claim);
    }

    private CompletableFuture<Void> append(LogSpec events, TaskLeased entry) {
        try {
            return transport.log(events).append(codec.encode(entry));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void await(CompletableFuture<?> step)
            throws InterruptedException, ExecutionException, TimeoutException {
        step.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return String.valueOf(cause.getMessage());
    }

    @Override
    public void close() {
        if (handOffs != null) {
            handOffs.shutdownNow();
        }
    }
}
