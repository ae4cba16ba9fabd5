package io.taskmill.transport.amqp;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The channels acked on one thread while a worker settles a confirmed group of completions
 * ({@link io.taskmill.transport.Transport#settleTogether}): their acks are held until the group
 * is settled, then flushed per channel, where they can go as one {@code basic.ack}.
 */
final class AckScope {

    private static final ThreadLocal<AckScope> CURRENT = new ThreadLocal<>();

    private final Set<ChannelAcks> holding = Collections.newSetFromMap(new IdentityHashMap<>());

    private AckScope() {
    }

    static void together(Runnable settles) {
        if (CURRENT.get() != null) {
            // Within a scope already: its end flushes these acks too.
            settles.run();
            return;
        }
        AckScope scope = new AckScope();
        CURRENT.set(scope);
        try {
            settles.run();
        } finally {
            CURRENT.remove();
            scope.holding.forEach(ChannelAcks::flush);
        }
    }

    /** Whether the calling thread is in a scope, which now flushes {@code channel} when it ends. */
    static boolean flushesLater(ChannelAcks channel) {
        AckScope scope = CURRENT.get();
        if (scope == null) {
            return false;
        }
        scope.holding.add(channel);
        return true;
    }
}
