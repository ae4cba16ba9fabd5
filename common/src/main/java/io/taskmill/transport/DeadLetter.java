package io.taskmill.transport;

import java.util.Map;

/**
 * A message in a dead-letter queue.
 *
 * @param body      the task as it was last attempted
 * @param reason    why it is here: {@code error}, {@code error-class}, {@code attempts}, {@code worker},
 *                  {@code failed-at}; or, dead-lettered by the broker itself, its {@code x-death} reason
 * @param messageId the task id, when the message had one
 */
public record DeadLetter(byte[] body, Map<String, String> reason, String messageId) {

    public DeadLetter {
        reason = Map.copyOf(reason);
    }
}
