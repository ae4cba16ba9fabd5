package io.taskmill.transport.amqp;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The acks made on one thread while a worker settles a confirmed group of completions
 * ({@link io.taskmill.transport.Transport#settleTogether}): held until the group is settled,
 * then sent per channel, where they can go as one {@code basic.ack}.
 */
final class AckScope {

    private static final ThreadLocal<AckScope> CURRENT = new ThreadLocal<>();

    private final Map<ChannelAcks, List<Long>> held = new IdentityHashMap<>();

    private AckScope() {
    }

    static void together(Runnable settles) {
        if (CURRENT.get() != null) {
            // Within a scope already: its end sends these acks too.
            settles.run();
            return;
        }
        AckScope scope = new AckScope();
        CURRENT.set(scope);
        try {
            settles.run();
        } finally {
            CURRENT.remove();
            scope.held.forEach(ChannelAcks::send);
        }
    }

    /** Holds the ack for the end of this thread's scope; false outside one, where the caller sends it now. */
    static boolean hold(ChannelAcks channel, long tag) {
        AckScope scope = CURRENT.get();
        if (scope == null) {
            return false;
        }
        scope.held.computeIfAbsent(channel, any -> new ArrayList<>()).add(tag);
        return true;
    }
}
