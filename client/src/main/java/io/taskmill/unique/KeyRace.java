package io.taskmill.unique;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One claim's race for its key, folded from the unique-key log in log order. The claim wins
 * when nothing before it holds the key: no claim of the key won within the claim's window,
 * and no earlier claim of it is still deciding. Every claimer reads the same order, so two
 * claims made at once agree on which of them is first. Not thread-safe: its reader guards it.
 */
final class KeyRace {

    /**
     * How long others wait for a claim's verdict before counting it void: a submitter that
     * died between its claim and its verdict holds its key no longer. Its own submitter gives
     * up at half of it ({@link #DECIDE_WITHIN}), so a slow one never wins after others voided it.
     */
    static final Duration VOID_AFTER = Duration.ofSeconds(60);
    static final Duration DECIDE_WITHIN = VOID_AFTER.dividedBy(2);

    /** The verdict so far. */
    sealed interface Verdict {
    }

    /** Not decided yet: the claim is not read back, or an earlier claim of the key has no verdict. */
    record Pending(String why) implements Verdict {
    }

    record Won() implements Verdict {
    }

    /** An earlier claim holds the key: {@code task} runs for it, claimed at {@code at}. */
    record Lost(String task, long at) implements Verdict {
    }

    private final UniqueEntry.Claimed own;
    private boolean ownRead;
    /** Claims of the key read before this one, in log order. */
    private final List<UniqueEntry.Claimed> earlier = new ArrayList<>();
    /** Claims of the key read after this one: their verdicts cannot take it from this one. */
    private final Set<String> later = new HashSet<>();
    private final List<UniqueEntry.Won> won = new ArrayList<>();
    private final Map<String, Boolean> decided = new HashMap<>();

    KeyRace(UniqueEntry.Claimed own) {
        this.own = own;
    }

    String key() {
        return own.key();
    }

    void apply(UniqueEntry entry) {
        if (!entry.key().equals(own.key())) {
            return;
        }
        if (entry instanceof UniqueEntry.Claimed claimed) {
            // A claim whose append was tried again may be in the log twice: it stands where it is first.
            if (claimed.claim().equals(own.claim())) {
                ownRead = true;
            } else if (earlier.stream().anyMatch(seen -> seen.claim().equals(claimed.claim()))) {
                return;
            } else if (ownRead) {
                later.add(claimed.claim());
            } else {
                earlier.add(claimed);
            }
        } else if (entry instanceof UniqueEntry.Won verdict) {
            won.add(verdict);
            decided.put(verdict.claim(), true);
        } else if (entry instanceof UniqueEntry.Lost) {
            decided.put(entry.claim(), false);
        }
    }

    /** The verdict as the log read so far and the time {@code now} (epoch millis) tell it. */
    Verdict verdict(long now) {
        if (!ownRead) {
            return new Pending("its claim is not read back from the log yet");
        }
        long windowStart = own.at() - own.windowMs();
        Optional<UniqueEntry.Won> holder = won.stream()
                .filter(verdict -> !verdict.claim().equals(own.claim()) && !later.contains(verdict.claim()))
                .filter(verdict -> verdict.at() >= windowStart)
                .findFirst();
        if (holder.isPresent()) {
            return new Lost(holder.get().task(), holder.get().at());
        }
        Optional<UniqueEntry.Claimed> deciding = earlier.stream()
                .filter(claim -> claim.at() >= windowStart && !decided.containsKey(claim.claim()))
                .filter(claim -> now < claim.at() + VOID_AFTER.toMillis())
                .findFirst();
        if (deciding.isPresent()) {
            return new Pending("an earlier claim of task " + deciding.get().task() + " at "
                    + Instant.ofEpochMilli(deciding.get().at()) + " has not decided yet");
        }
        return new Won();
    }
}
