package io.taskmill.task;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.Priority;
import java.util.List;
import java.util.Map;

/**
 * One task as it travels through the broker.
 *
 * @param v           schema version; readers reject versions they do not know
 * @param id          {@code batch:seq}, unique per task; of the first task when the envelope is a chunk
 * @param batch       the batch the task belongs to
 * @param type        the task type, naming a {@link io.taskmill.handler.TaskHandler}
 * @param payload     the handler's input; for a chunk, an array of {@code count} inputs
 * @param attempt     1 for the first execution
 * @param maxAttempts executions allowed before the task is dead-lettered; 0 for its type's default
 * @param timeLimitMs how long one attempt may run
 * @param createdAt   epoch millis when the producer created the task
 * @param headers     free-form string metadata
 * @param count       tasks in this envelope: 0 or 1 for one; N for a chunk of N tasks with
 *                    consecutive ids, each run, reported, retried and dead-lettered on its own
 */
// The payload goes last, so that a worker can still read the ids of a message whose payload it cannot parse.
@JsonPropertyOrder({"v", "id", "batch", "type", "count", "attempt", "maxAttempts", "timeLimitMs", "createdAt", "headers",
        "payload"})
public record TaskEnvelope(int v, String id, String batch, String type, JsonNode payload,
                           int attempt, int maxAttempts, long timeLimitMs, long createdAt, Map<String, String> headers,
                           int count) {

    public static final int VERSION = 1;
    /** The header of a task that must not start before then: epoch milliseconds. */
    public static final String NOT_BEFORE = "taskmill-not-before";
    /** The header of a task's priority: {@code high}, {@code normal} (also when absent) or {@code low}. */
    public static final String PRIORITY = "taskmill-priority";
    /** The header of a task's fair-sharing key: a tenant, a customer. */
    public static final String KEY = "taskmill-key";
    /**
     * The header naming the log its outcomes go to, where its producer logged the batch's
     * opening: an event partition ({@code events-p3}); {@code events} when absent.
     */
    public static final String EVENTS = "taskmill-events";
    /**
     * The header of a lease's copy: a message that takes a long task over should its holder
     * stop renewing the lease (see {@link TaskLeased}); its value is the lease's claim.
     */
    public static final String LEASE_COPY = "taskmill-lease-copy";

    public TaskEnvelope {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static TaskEnvelope create(TaskId id, String type, JsonNode payload, long timeLimitMs, long createdAt) {
        return new TaskEnvelope(VERSION, id.toString(), id.batch(), type, payload, 1, 0, timeLimitMs, createdAt, Map.of(),
                1);
    }

    /** Many small tasks in one message: ids {@code first.seq .. first.seq + payloads.size() - 1}. */
    public static TaskEnvelope chunk(TaskId first, String type, List<JsonNode> payloads, long timeLimitMs,
                                     long createdAt) {
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        payloads.forEach(items::add);
        return new TaskEnvelope(VERSION, first.toString(), first.batch(), type, items, 1, 0, timeLimitMs, createdAt,
                Map.of(), payloads.size());
    }

    /**
     * What names this message to a broker that drops a message it has seen (JetStream's
     * {@code Nats-Msg-Id}): the task's id, or for a chunk its first id and size. A resumed
     * submit packs anew, so its chunk may start at a task the killed one sent alone: under the
     * first id alone, the broker would drop the whole chunk as that task again.
     */
    public String messageId() {
        return size() == 1 ? id : id + "+" + size();
    }

    /** How many tasks this envelope carries. */
    public int size() {
        return Math.max(1, count);
    }

    /** Task {@code index} of this envelope, as an envelope of its own. */
    public TaskEnvelope item(int index) {
        if (size() == 1) {
            return this;
        }
        TaskId first = taskId();
        TaskId id = new TaskId(batch, first.seq() + index);
        return new TaskEnvelope(v, id.toString(), batch, type, payload.get(index), attempt, maxAttempts, timeLimitMs,
                createdAt, headers, 1);
    }

    /** The same task with these headers added (replacing any of the same name). */
    public TaskEnvelope withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = more;
        if (!headers.isEmpty()) {
            all = new java.util.HashMap<>(headers);
            all.putAll(more);
        }
        return new TaskEnvelope(v, id, batch, type, payload, attempt, maxAttempts, timeLimitMs, createdAt, all, count);
    }

    /** Epoch milliseconds before which the task must not start; 0 when it may start at once. */
    public long notBefore() {
        String due = headers.get(NOT_BEFORE);
        if (due == null) {
            return 0;
        }
        try {
            return Long.parseLong(due);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The lane the task waits in, from its priority and key headers. A header a worker cannot
     * read counts as absent: the task still runs, at normal priority.
     */
    public Lane lane() {
        String priority = headers.get(PRIORITY);
        Priority level;
        try {
            level = priority == null ? Priority.NORMAL : Priority.parse(priority);
        } catch (IllegalArgumentException e) {
            level = Priority.NORMAL;
        }
        return Lane.of(level, headers.get(KEY));
    }

    /**
     * The event log its outcomes go to, as its header names it: its producer logged the
     * batch there, and the batch's joins read there.
     *
     * @throws IllegalArgumentException for a header that names no event log
     */
    public LogSpec eventLog() {
        String named = headers.get(EVENTS);
        return named == null ? Logs.EVENTS : EventPartitions.named(named);
    }

    /**
     * The same task naming {@code log} as where its outcomes go, so that a worker reports
     * where the joins of its batch read; the one event log of a deployment without
     * partitions is named by no header.
     */
    public TaskEnvelope reportingTo(LogSpec log) {
        return log.equals(Logs.EVENTS) ? this : withHeaders(Map.of(EVENTS, log.name()));
    }

    public TaskEnvelope withMaxAttempts(int max) {
        return new TaskEnvelope(v, id, batch, type, payload, attempt, max, timeLimitMs, createdAt, headers, count);
    }

    /** The same task for its next attempt: a task of its own again, not a lease's copy. */
    public TaskEnvelope nextAttempt() {
        Map<String, String> next = headers;
        if (headers.containsKey(LEASE_COPY)) {
            next = new java.util.HashMap<>(headers);
            next.remove(LEASE_COPY);
        }
        return new TaskEnvelope(v, id, batch, type, payload, attempt + 1, maxAttempts, timeLimitMs, createdAt, next,
                count);
    }

    /** Whether this message is a lease's copy, which takes its task over only if the lease lapsed. */
    public boolean isLeaseCopy() {
        return headers.containsKey(LEASE_COPY);
    }

    /**
     * The same task from its first attempt again, made anew at {@code at}: a dead letter
     * replayed, which whoever replays it vouches for (and signs) afresh.
     */
    public TaskEnvelope replayedAt(long at) {
        return new TaskEnvelope(v, id, batch, type, payload, 1, maxAttempts, timeLimitMs, at, headers, count);
    }

    public TaskId taskId() {
        return TaskId.parse(id);
    }
}
