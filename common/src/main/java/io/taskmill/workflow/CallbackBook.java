package io.taskmill.workflow;

import io.taskmill.task.BatchEvent;
import io.taskmill.task.CallbackDeclared;
import io.taskmill.task.CallbackFired;
import io.taskmill.task.CallbackProposed;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The control log's callbacks folded, in log order: those declared and not settled, and
 * which proposal holds each. Every worker folds the same entries in the same order, so all
 * agree on the holder: the first proposal of a batch, or a later one made at least
 * {@link #LEASE} after the holder's, when the holder settled nothing in that time (it died).
 * Not thread-safe: its watch guards it.
 */
final class CallbackBook {

    /** How long a proposal holds a callback without settling it before another may take over. */
    static final Duration LEASE = Duration.ofSeconds(60);

    private final Map<String, CallbackDeclared> declared = new HashMap<>();
    private final Map<String, CallbackProposed> holders = new HashMap<>();
    private final Set<String> settled = new HashSet<>();

    /**
     * Applies one control-log entry.
     *
     * @return the proposal, when the entry is one that now holds its batch's callback
     */
    Optional<CallbackProposed> apply(BatchEvent event) {
        if (event instanceof CallbackDeclared declaration) {
            // The first declaration stands: one made again by a step fired twice names the same batch.
            if (!settled.contains(declaration.batch())) {
                declared.putIfAbsent(declaration.batch(), declaration);
            }
        } else if (event instanceof CallbackProposed proposal) {
            if (!declared.containsKey(proposal.batch())) {
                return Optional.empty();
            }
            CallbackProposed holder = holders.get(proposal.batch());
            if (holder == null || proposal.at() >= holder.at() + LEASE.toMillis()) {
                holders.put(proposal.batch(), proposal);
                return Optional.of(proposal);
            }
        } else if (event instanceof CallbackFired fired) {
            settled.add(fired.batch());
            declared.remove(fired.batch());
            holders.remove(fired.batch());
        }
        return Optional.empty();
    }

    Optional<CallbackDeclared> declared(String batch) {
        return Optional.ofNullable(declared.get(batch));
    }

    boolean settled(String batch) {
        return settled.contains(batch);
    }

    /** Whether a proposal made {@code now} would hold the callback: none holds it, or its holder's lease ran out. */
    boolean open(String batch, long now) {
        if (!declared.containsKey(batch)) {
            return false;
        }
        CallbackProposed holder = holders.get(batch);
        return holder == null || now >= holder.at() + LEASE.toMillis();
    }
}
