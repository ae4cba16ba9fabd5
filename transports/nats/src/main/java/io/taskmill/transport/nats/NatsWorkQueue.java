package io.taskmill.transport.nats;

import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.Lane;
import io.taskmill.transport.TaskSubscription;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.WorkQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A lane of a work queue on JetStream: a work-queue stream (a message leaves it once acked), one
 * durable pull consumer the fleet shares, and a dead-letter stream. Publishes carry the
 * task id as {@code Nats-Msg-Id}, so a resumed submit does not duplicate inside the
 * server's duplicate window; a retry is published again with a not-before time, which
 * the first worker to see it early hands back with a nak of the remaining delay.
 */
final class NatsWorkQueue implements WorkQueue {

    /** When a retry is due, epoch millis by the publisher's clock. */
    static final String NOT_BEFORE = "Taskmill-Not-Before";
    /** The publisher's message id, which the dead-letter listing shows. */
    static final String MESSAGE_ID = "Taskmill-Message-Id";
    /** The fleet's outstanding deliveries at most; each worker's own window is its prefetch. */
    private static final long MAX_ACK_PENDING = 20_000;

    private final NatsTransport nats;
    private final String subject;
    private final String stream;
    private final String deadSubject;
    private final String deadStream;
    private final String consumer;
    /** Built once: a publish only checks that the transport has declared them (building one validates its subjects). */
    private final StreamConfiguration workConfig;
    private final StreamConfiguration deadConfig;

    /**
     * One lane of one partition of a work queue (partition 0 without partitions); every lane and
     * partition shares the queue's dead letters.
     */
    NatsWorkQueue(String name, Lane lane, int partition, NatsTransport nats) {
        this.nats = nats;
        NatsNames names = nats.names();
        this.subject = names.workSubject(name, lane, partition);
        this.stream = names.workStream(name, lane, partition);
        this.deadSubject = names.deadSubject(name);
        this.deadStream = names.deadStream(name);
        this.consumer = names.workers(name, lane, partition);
        this.workConfig = StreamConfiguration.builder().name(stream).subjects(subject)
                .retentionPolicy(RetentionPolicy.WorkQueue).storageType(StorageType.File).build();
        this.deadConfig = StreamConfiguration.builder().name(deadStream).subjects(deadSubject)
                .retentionPolicy(RetentionPolicy.Limits).storageType(StorageType.File).build();
        declare();
    }

    void declare() {
        nats.declare(workConfig);
        nats.declare(deadConfig);
    }

    /** The fleet's consumer, created or brought to this configuration; idempotent. */
    void declareConsumer() {
        try {
            nats.management().addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                    .durable(consumer)
                    .filterSubject(subject)
                    .deliverPolicy(DeliverPolicy.All)
                    .ackPolicy(AckPolicy.Explicit)
                    .ackWait(nats.options().ackWait())
                    // No server-side limit: a message past MaxDeliver stays in the stream and is never delivered
                    // again, with nothing in the log (a cut-off node's dead pulls used up a task's deliveries in a
                    // CI run: the join waited for it for good). Workers dead-letter at the URI's delivery limit.
                    .maxDeliver(-1)
                    .maxAckPending(MAX_ACK_PENDING)
                    .build());
        } catch (io.nats.client.JetStreamApiException | IOException e) {
            throw new TransportException("cannot create the consumer " + consumer + " of " + stream + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Void> publish(byte[] body, String messageId) {
        return send(subject, stream, body, new Headers().add(MESSAGE_ID, messageId), messageId);
    }

    @Override
    public CompletableFuture<Void> publishLater(byte[] body, Duration delay, String messageId) {
        long due = System.currentTimeMillis() + Math.max(0, delay.toMillis());
        // Named as the caller names it, not after its due time: two copies of one retry, made at once by the two
        // workers a double delivery reached, are then one message.
        return send(subject, stream, body, new Headers().add(MESSAGE_ID, messageId).add(NOT_BEFORE,
                Long.toString(due)), messageId);
    }

    /**
     * One dead letter per delivered message: deduplicated by the delivery it was made of (a
     * replayed task is a new message, so when it fails again it has a dead letter of its own),
     * not by the task's id.
     */
    @Override
    public CompletableFuture<Void> deadLetter(byte[] body, Map<String, String> reason, String messageId) {
        Headers headers = new Headers();
        reason.forEach((name, value) -> headers.add(name, printable(value)));
        if (messageId != null) {
            headers.add(MESSAGE_ID, messageId);
        }
        String delivery = reason.get(io.taskmill.transport.Headers.DELIVERY);
        return send(deadSubject, deadStream, body, headers, delivery == null ? null : "dead:" + delivery);
    }

    /**
     * NATS header values take printable ASCII only, and a reason may quote the bytes that
     * made a message poison: anything else becomes {@code ?}, so the dead letter is kept.
     */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            text.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.toString();
    }

    private CompletableFuture<Void> send(String to, String toStream, byte[] body, Headers headers, String dedupId) {
        declare();
        PublishOptions.Builder options = PublishOptions.builder().expectedStream(toStream);
        if (dedupId != null) {
            options.messageId(dedupId);
        }
        return nats.publisher().publish(to, toStream, headers, body, options.build());
    }

    @Override
    public TaskSubscription consume(int prefetch, DeliveryHandler handler) {
        declare();
        declareConsumer();
        return new NatsTaskSubscription(this, nats, prefetch, handler);
    }

    @Override
    public DeadLetterQueue deadLetters() {
        declare();
        return new NatsDeadLetterQueue(nats.management(), deadStream);
    }

    String subject() {
        return subject;
    }

    String stream() {
        return stream;
    }

    String consumer() {
        return consumer;
    }
}
