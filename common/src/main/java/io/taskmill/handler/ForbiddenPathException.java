package io.taskmill.handler;

/** A task asked for a file outside the directories its worker allows: never worth another try. */
public final class ForbiddenPathException extends NonRetryableTaskException {

    public ForbiddenPathException(String message) {
        super(message);
    }
}
