package io.taskmill.transport;

import java.util.function.Predicate;

/** A work queue's dead letters: read in order, take out the chosen ones, or drop them all. */
public interface DeadLetterQueue {

    /**
     * Shows up to {@code limit} dead letters, in queue order, to {@code remove}: only those in
     * the queue when the visit began, so that a letter {@code remove} causes (a replayed task
     * that fails again at once) is not shown in the same visit. Each one it
     * returns true for is removed once it has returned (so it may first republish the
     * message elsewhere and wait for the confirm); the others stay in the queue.
     *
     * @return how many were removed
     */
    int visit(int limit, Predicate<DeadLetter> remove);

    /** Drops every dead letter; returns how many there were. */
    long purge();
}
