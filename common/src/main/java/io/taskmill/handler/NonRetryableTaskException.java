package io.taskmill.handler;

/**
 * Thrown by a handler when trying the task again cannot succeed (bad input, a file that
 * does not exist): the task fails at once, without retries.
 */
public class NonRetryableTaskException extends RuntimeException {

    public NonRetryableTaskException(String message) {
        super(message);
    }

    public NonRetryableTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
