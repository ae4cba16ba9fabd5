package io.taskmill.coordinator;

/**
 * The lease that holds an attempt of a task now, as {@link LeaseBook} read the log.
 *
 * @param token    0 for the attempt's first holder, one more for each takeover
 * @param released the holder let go of it: no copy takes it over
 */
public record Lease(int attempt, String claim, String worker, long token, long until, boolean released) {

    Lease renewed(long to) {
        return new Lease(attempt, claim, worker, token, Math.max(until, to), false);
    }

    Lease letGo() {
        return new Lease(attempt, claim, worker, token, until, true);
    }
}
