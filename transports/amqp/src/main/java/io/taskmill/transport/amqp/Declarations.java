package io.taskmill.transport.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.UnroutableException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Declares each queue once per transport, on a channel of the publishing connection kept
 * open for it, so that automatic recovery declares the queue again after a reconnect. A
 * refused declaration closes that channel; the next declaration opens another.
 */
final class Declarations {

    private final Connection connection;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private Channel channel;

    Declarations(Connection connection) {
        this.connection = connection;
    }

    /** Called on every publish: what is declared already costs a set look-up, no lock. */
    void declare(QueueSpec spec) {
        if (!declared.contains(spec.name())) {
            ensureOnce(spec.name(), spec::declareOn);
        }
    }

    /** What declares something besides a queue: exchanges, bindings. */
    @FunctionalInterface
    interface Declaration {
        void on(Channel channel) throws IOException;
    }

    /** Runs {@code declaration} once per transport under {@code key}, as {@link #declare(QueueSpec)} does a queue. */
    void ensure(String key, Declaration declaration) {
        if (!declared.contains(key)) {
            ensureOnce(key, declaration);
        }
    }

    private synchronized void ensureOnce(String key, Declaration declaration) {
        if (declared.contains(key)) {
            return;
        }
        try {
            if (channel == null || !channel.isOpen()) {
                channel = connection.createChannel();
            }
            declaration.on(channel);
            declared.add(key);
        } catch (IOException e) {
            throw new TransportException("cannot declare " + key + ": " + e.getMessage(), e);
        }
    }

    boolean declared(String name) {
        return declared.contains(name);
    }

    /** Someone deleted it behind our back: declare it again on next use. */
    void forget(String name) {
        declared.remove(name);
    }

    /**
     * The confirmation of a publish to {@code names}, completed only once an unroutable one has made them be
     * declared again: a caller that tries again as soon as it sees the failure then finds them gone from the set
     * (forgetting them in a callback of the confirmation raced that caller's next try).
     */
    CompletableFuture<Void> forgettingOnUnroutable(CompletableFuture<Void> confirmed, String... names) {
        CompletableFuture<Void> seen = new CompletableFuture<>();
        confirmed.whenComplete((ok, failure) -> {
            if (failure instanceof UnroutableException) {
                for (String name : names) {
                    forget(name);
                }
            }
            if (failure == null) {
                seen.complete(ok);
            } else {
                seen.completeExceptionally(failure);
            }
        });
        return seen;
    }
}
