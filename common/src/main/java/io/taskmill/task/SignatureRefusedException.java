package io.taskmill.task;

import java.util.List;

/**
 * A message whose signature this process refuses: unsigned where signatures are required,
 * signed with a key it does not hold, or altered. Dead-lettered with reason
 * {@code signature}; its tasks, when their ids can be read, are reported failed.
 */
public final class SignatureRefusedException extends MalformedMessageException {

    private final String errorClass;

    public SignatureRefusedException(String message, String errorClass, List<TaskId> taskIds) {
        super(message, taskIds);
        this.errorClass = errorClass;
    }

    /** {@code Unsigned}, {@code UnknownSigningKey} or {@code BadSignature}. */
    public String errorClass() {
        return errorClass;
    }
}
