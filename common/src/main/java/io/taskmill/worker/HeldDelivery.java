package io.taskmill.worker;

import io.taskmill.task.TaskEnvelope;
import io.taskmill.transport.Delivery;
import io.taskmill.transport.LogSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One delivery while this worker runs it, and how much of it a lease took off its hands.
 * A delivery is acknowledged once its outcomes are durable; a task that runs long is
 * {@linkplain Leases leased} instead: the outcomes of the tasks of its chunk that ran before
 * it, the tasks after it and a copy of it go to the broker, and the delivery is acknowledged
 * while the task still runs. States: HELD → HANDING_OFF → HANDED_OFF, or back to HELD when
 * the broker did not take it all (the delivery is then acknowledged at the end, as any).
 */
final class HeldDelivery implements Delivery {

    enum State { HELD, HANDING_OFF, HANDED_OFF }

    /** What a hand-off must make durable before the delivery may go. */
    record HandOff(TaskEnvelope running, List<Outcome> earlier, List<TaskEnvelope> rest, LogSpec events) {
    }

    /** How long a runner waits for a hand-off under way: longer than any hand-off may take. */
    private static final long HAND_OFF_WAIT_MS = 2 * Leases.PATIENCE.toMillis();

    private final Delivery delivery;
    private final AtomicBoolean acked = new AtomicBoolean();
    private State state = State.HELD;
    private TaskEnvelope envelope;
    private LogSpec events;
    /** The task of the envelope running now, -1 between tasks. */
    private int current = -1;
    private long currentSince;
    private final List<Outcome> finished = new ArrayList<>();
    /** The first task of the envelope that is no longer this worker's to run. */
    private int handedFrom = Integer.MAX_VALUE;
    /** Outcomes made durable by the hand-off: the first of those the runner returns. */
    private int reported;
    private int offering;
    private String claim;
    private long token;
    private long renewedAt;
    private boolean leaseOver;

    HeldDelivery(Delivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public byte[] body() {
        return delivery.body();
    }

    @Override
    public boolean redelivered() {
        return delivery.redelivered();
    }

    @Override
    public long previousDeliveries() {
        return delivery.previousDeliveries();
    }

    @Override
    public String identity() {
        return delivery.identity();
    }

    /** Acknowledges once: a delivery a lease let go early is not acknowledged again. */
    @Override
    public void ack() {
        if (acked.compareAndSet(false, true)) {
            delivery.ack();
        }
    }

    synchronized void reading(TaskEnvelope envelope, LogSpec events) {
        this.envelope = envelope;
        this.events = events;
    }

    /**
     * The runner is about to start task {@code index}: false when a lease handed it to a
     * message of its own. Waits out a hand-off under way, which is bounded.
     */
    synchronized boolean begin(int index, long now) {
        awaitHandOff();
        if (index >= handedFrom) {
            return false;
        }
        current = index;
        currentSince = now;
        return true;
    }

    /** Task {@code index} ended so: its outcome, naming the lease's fencing token where one was taken over. */
    synchronized Outcome finished(Outcome outcome) {
        Outcome stamped = token > 0 && current == handedFrom - 1 ? outcome.underLease(token) : outcome;
        finished.add(stamped);
        if (current == handedFrom - 1) {
            leaseOver = true;
        }
        current = -1;
        return stamped;
    }

    /** The fencing token the running task holds: 0 but for a task taken over. */
    synchronized long token() {
        return token;
    }

    /** Of what the runner returns, what is still to be made durable: not what the hand-off made so. */
    synchronized List<Outcome> unreported(List<Outcome> outcomes) {
        awaitHandOff();
        return outcomes.subList(Math.min(reported, outcomes.size()), outcomes.size());
    }

    /** Whether a lease holds the task that ended last here: its outcome may have to let go of it. */
    synchronized Optional<String> claim() {
        return Optional.ofNullable(claim);
    }

    /** How long the task running here now has run, while no lease holds it. */
    synchronized Optional<Long> runningFor(long now) {
        return state != State.HELD || current < 0 ? Optional.empty() : Optional.of(now - currentSince);
    }

    /** The task running here now. */
    synchronized Optional<TaskEnvelope> running() {
        return current < 0 || envelope == null ? Optional.empty() : Optional.of(envelope.item(current));
    }

    /** A hand-off to begin, when the running task has run {@code after} and none began yet. */
    synchronized Optional<HandOff> handOffDue(long now, long after) {
        if (state != State.HELD || current < 0 || envelope == null || now - currentSince < after) {
            return Optional.empty();
        }
        state = State.HANDING_OFF;
        offering = finished.size();
        List<TaskEnvelope> rest = new ArrayList<>();
        for (int i = current + 1; i < envelope.size(); i++) {
            rest.add(envelope.item(i));
        }
        return Optional.of(new HandOff(envelope.item(current), List.copyOf(finished), rest, events));
    }

    /**
     * The broker took the hand-off: the tasks after the running one are not run here.
     *
     * @return false when the runner stopped waiting for it and ran on, and the delivery must stay
     */
    synchronized boolean handedOff(String claim, long at) {
        if (state != State.HANDING_OFF) {
            return false;
        }
        this.claim = claim;
        this.renewedAt = at;
        this.reported = offering;
        this.handedFrom = current < 0 ? finished.size() : current + 1;
        state = State.HANDED_OFF;
        notifyAll();
        return true;
    }

    synchronized void handOffFailed() {
        if (state == State.HANDING_OFF) {
            state = State.HELD;
        }
        notifyAll();
    }

    /** This delivery is a lease's copy whose takeover held: it runs its one task under {@code token}. */
    synchronized void takenOver(String claim, long token, long at) {
        this.claim = claim;
        this.token = token;
        this.renewedAt = at;
        this.handedFrom = 1;
        state = State.HANDED_OFF;
    }

    /** The lease's claim, when it is due for renewal now (and marked renewed). */
    synchronized Optional<String> renewalDue(long now, long every) {
        if (state != State.HANDED_OFF || leaseOver || now - renewedAt < every) {
            return Optional.empty();
        }
        renewedAt = now;
        return Optional.of(claim);
    }

    /** A renewal the broker did not confirm: the next tick tries again. */
    synchronized void renewalFailed() {
        renewedAt = 0;
    }

    /** Whether this delivery's task is {@code task} and still runs here under a lease. */
    synchronized boolean runsUnderLease(TaskEnvelope task) {
        if (state != State.HANDED_OFF || leaseOver) {
            return false;
        }
        TaskEnvelope leased = leased();
        return leased != null && leased.id().equals(task.id()) && leased.attempt() == task.attempt();
    }

    synchronized TaskEnvelope leased() {
        return envelope == null ? null : envelope.item(Math.max(0, handedFrom - 1));
    }

    synchronized LogSpec events() {
        return events;
    }

    private void awaitHandOff() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HAND_OFF_WAIT_MS);
        boolean interrupted = false;
        while (state == State.HANDING_OFF) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                // The lease's thread is wedged: run on as if it never began; duplicates are counted once.
                state = State.HELD;
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
