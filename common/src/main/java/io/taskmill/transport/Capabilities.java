package io.taskmill.transport;

import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a transport can promise. Callers check it and refuse, in one line, what a transport
 * lacks; no transport emulates a promise behind the user's back.
 *
 * @param promises        what it promises, by name
 * @param deliveryLimit   deliveries of one message after which the broker itself gives up on
 *                        it, when the broker has such a limit
 * @param maxMessageBytes the largest message the broker takes by default
 */
public record Capabilities(Set<Capability> promises, OptionalInt deliveryLimit, int maxMessageBytes) {

    public Capabilities {
        promises = promises.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(promises));
    }

    public boolean has(Capability capability) {
        return promises.contains(capability);
    }
}
