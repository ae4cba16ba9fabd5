package io.taskmill.coordinator;

import io.taskmill.task.CompletionEvent;
import io.taskmill.task.TaskLeased;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds each leased task of a batch, from {@link TaskLeased} entries in log order: the
 * same verdicts in every reader, as every reader sees the same order. Only tasks that ran
 * long enough to be leased have an entry. Not thread-safe: the {@link Tally} guards it.
 */
final class LeaseBook {

    private final Map<Integer, Lease> leases = new HashMap<>();

    /**
     * Records an entry about task {@code seq}.
     *
     * @param done whether the task was final before the entry: a lease of a finished task holds nothing
     * @return whether the entry holds: a first lease, a renewal or release by its holder, a takeover of a lapsed lease
     */
    boolean record(int seq, TaskLeased entry, boolean done) {
        if (done) {
            return false;
        }
        Lease now = leases.get(seq);
        if (now == null || entry.attempt() > now.attempt()) {
            if (entry.released()) {
                return false;
            }
            leases.put(seq, new Lease(entry.attempt(), entry.claim(), entry.worker(), 0, entry.until(), false));
            return true;
        }
        if (entry.attempt() < now.attempt() || now.released()) {
            return false;
        }
        if (entry.claim().equals(now.claim())) {
            leases.put(seq, entry.released() ? now.letGo() : now.renewed(entry.until()));
            return true;
        }
        // The taker's clock against the holder's: a copy comes back a grace period after the lease ends,
        // so clocks that differ by less than that never take over a live holder's task.
        if (entry.released() || entry.at() <= now.until()) {
            return false;
        }
        leases.put(seq, new Lease(entry.attempt(), entry.claim(), entry.worker(), now.token() + 1, entry.until(),
                false));
        return true;
    }

    /**
     * Whether a completion of task {@code seq} counts: any of an attempt nobody leased, and of
     * a leased attempt only the one of its latest holder; another is from a holder superseded.
     */
    boolean counts(int seq, CompletionEvent completion) {
        Lease lease = leases.get(seq);
        return lease == null || completion.attempt() != lease.attempt()
                || completion.lease() == lease.token() && Objects.equals(completion.worker(), lease.worker());
    }

    Optional<Lease> of(int seq) {
        return Optional.ofNullable(leases.get(seq));
    }
}
