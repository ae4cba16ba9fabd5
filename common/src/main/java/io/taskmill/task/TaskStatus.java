package io.taskmill.task;

/** The final states a completion event reports. */
public enum TaskStatus {
    SUCCEEDED,
    FAILED
}
