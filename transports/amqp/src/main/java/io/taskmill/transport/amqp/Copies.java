package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copies a queue is declared with ({@code replicas}), agreed with the queue as it exists.
 * RabbitMQ fixes a quorum queue's or a stream's copies when it makes it and refuses a
 * declaration naming another count, or none when it was made with one: a deployment that
 * adds or changes {@code replicas} would then fail on every queue it already has. Its queues
 * keep the copies they were made with, and a warning says how to change them.
 */
final class Copies {

    static final String QUORUM = "x-quorum-initial-group-size";
    static final String STREAM = "x-initial-cluster-size";

    private static final Logger LOG = LoggerFactory.getLogger(Copies.class);
    private static final Set<String> KEYS = Set.of(QUORUM, STREAM);
    /**
     * RabbitMQ's refusal: "inequivalent arg 'KEY' for queue …: received … but current is …",
     * which ends in "none", "the value 'N' of type …" or "'N'".
     */
    private static final Pattern REFUSAL = Pattern.compile(
            "inequivalent arg '(" + QUORUM + "|" + STREAM + ")'.* but current is (?:none|[^']*'(\\d+)')");

    private Copies() {
    }

    /**
     * {@code spec}, or the same with the copies its queue has: tried on a channel of its own,
     * since a refusal closes the channel it came on. Any other refusal is left to the real
     * declaration to report.
     */
    static QueueSpec agreed(QueueSpec spec, Connection connection) throws IOException {
        if (spec.arguments().keySet().stream().noneMatch(KEYS::contains)) {
            return spec;
        }
        Channel probe = connection.createChannel();
        try {
            probe.queueDeclare(spec.name(), true, false, false, spec.arguments());
            return spec;
        } catch (IOException e) {
            Matcher refusal = refusal(e);
            if (refusal == null) {
                return spec;
            }
            String key = refusal.group(1);
            Integer existing = refusal.group(2) == null ? null : Integer.valueOf(refusal.group(2));
            boolean stream = key.equals(STREAM);
            LOG.warn("{} {} exists with {}, not the {} asked: it keeps them ({} changes them)",
                    stream ? "stream" : "quorum queue", spec.name(),
                    existing == null ? "the broker's default copies" : existing + " copies", spec.arguments().get(key),
                    stream ? "rabbitmq-streams add_replica or delete_replica" : "rabbitmq-queues grow or shrink");
            return spec.withArgument(key, existing);
        } finally {
            if (probe.isOpen()) {
                probe.abort();
            }
        }
    }

    private static Matcher refusal(IOException e) {
        if (e.getCause() instanceof ShutdownSignalException signal
                && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 406) {
            Matcher matcher = REFUSAL.matcher(close.getReplyText());
            return matcher.find() ? matcher : null;
        }
        return null;
    }
}
