package io.taskmill.client;

import io.taskmill.task.MalformedMessageException;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskReplayed;
import io.taskmill.transport.Capability;
import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.Lane;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A work queue's dead-letter queue, seen as tasks: list, replay, purge. */
public final class DeadLetters {

    /** A dead letter with its task, when the message could be read as one. */
    public record Entry(DeadLetter letter, Optional<TaskEnvelope> task) {

        public String id() {
            return task.map(TaskEnvelope::id).orElse(letter.messageId());
        }

        public Optional<String> batch() {
            return task.map(TaskEnvelope::batch);
        }
    }

    private final Transport transport;
    private final TaskCodec codec;
    private final String queue;

    DeadLetters(Transport transport, TaskCodec codec, String queue) {
        this.transport = transport;
        this.codec = codec;
        this.queue = queue;
    }

    /** Up to {@code limit} dead letters, in order, that {@code filter} accepts; nothing is removed. */
    public List<Entry> list(int limit, Predicate<Entry> filter) {
        List<Entry> entries = new ArrayList<>();
        transport.workQueue(queue).deadLetters().visit(limit, letter -> {
            Entry entry = entry(letter);
            if (filter.test(entry)) {
                entries.add(entry);
            }
            return false;
        });
        return entries;
    }

    /**
     * Puts the dead letters {@code which} accepts back on the work queue, from their first
     * attempt; each leaves the dead-letter queue only once the broker confirmed its
     * replacement. Messages that are not readable tasks stay where they are.
     *
     * @return how many were replayed
     */
    public int replay(Predicate<Entry> which) {
        return transport.workQueue(queue).deadLetters().visit(Integer.MAX_VALUE, letter -> {
            Entry entry = entry(letter);
            if (entry.task().isEmpty() || !which.test(entry)) {
                return false;
            }
            long at = System.currentTimeMillis();
            TaskEnvelope again = entry.task().get().replayedAt(at);
            try {
                // Reopen the tasks in the log first, so that a join started now waits for their new outcome.
                for (int i = 0; i < again.size(); i++) {
                    transport.log(again.eventLog()).append(codec.encode(TaskReplayed.of(again.item(i).taskId(),
                            at))).get(30, TimeUnit.SECONDS);
                }
                Lane lane = transport.capabilities().has(Capability.LANES) ? again.lane() : Lane.DEFAULT;
                // An id of its own: under the task's id, a broker that drops duplicates (JetStream, for two
                // minutes) would take the replay for the first publish and drop it.
                transport.workQueue(queue, lane).publish(codec.encode(again), again.id() + "@replay-" + at)
                        .get(30, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException | TimeoutException e) {
                throw new TransportException("cannot replay " + again.id() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    public long purge() {
        return transport.workQueue(queue).deadLetters().purge();
    }

    private Entry entry(DeadLetter letter) {
        try {
            return new Entry(letter, Optional.of(codec.decodeTask(letter.body())));
        } catch (MalformedMessageException e) {
            return new Entry(letter, Optional.empty());
        }
    }
}
