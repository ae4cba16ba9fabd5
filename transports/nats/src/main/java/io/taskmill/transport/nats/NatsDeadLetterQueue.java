package io.taskmill.transport.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.taskmill.transport.DeadLetter;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Dead letters in a JetStream stream, read by sequence: the sequences there when a visit
 * begins are its snapshot, and one that is removed is deleted by sequence.
 */
final class NatsDeadLetterQueue implements DeadLetterQueue {

    /** JetStream's error code for a sequence with no message (deleted earlier). */
    private static final int NO_MESSAGE = 10037;

    private final JetStreamManagement management;
    private final String stream;

    NatsDeadLetterQueue(JetStreamManagement management, String stream) {
        this.management = management;
        this.stream = stream;
    }

    @Override
    public int visit(int limit, Predicate<DeadLetter> remove) {
        try {
            StreamState state = management.getStreamInfo(stream).getStreamState();
            if (state.getMsgCount() == 0) {
                return 0;
            }
            int removed = 0;
            int seen = 0;
            for (long seq = Math.max(1, state.getFirstSequence()); seq <= state.getLastSequence() && seen < limit;
                 seq++) {
                MessageInfo message;
                try {
                    message = management.getMessage(stream, seq);
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == NO_MESSAGE) {
                        continue;
                    }
                    throw e;
                }
                seen++;
                if (remove.test(letter(message))) {
                    management.deleteMessage(stream, seq);
                    removed++;
                }
            }
            return removed;
        } catch (JetStreamApiException | IOException e) {
            throw new TransportException("cannot read dead letters in " + stream + ": " + e.getMessage(), e);
        }
    }

    private static DeadLetter letter(MessageInfo message) {
        Headers headers = message.getHeaders();
        Map<String, String> reason = new HashMap<>();
        String messageId = null;
        if (headers != null) {
            for (String name : headers.keySet()) {
                if (name.equals(NatsWorkQueue.MESSAGE_ID)) {
                    messageId = headers.getFirst(name);
                } else if (name.startsWith("x-taskmill-")) {
                    reason.put(name, headers.getFirst(name));
                }
            }
        }
        return new DeadLetter(message.getData(), reason, messageId);
    }

    @Override
    public long purge() {
        try {
            return management.purgeStream(stream).getPurged();
        } catch (JetStreamApiException | IOException e) {
            throw new TransportException("cannot purge " + stream + ": " + e.getMessage(), e);
        }
    }
}
