package io.taskmill.cli;

/** The CLI's exit codes (from 64 on, BSD's sysexits). */
final class ExitCodes {

    static final int OK = 0;
    static final int TASKS_FAILED = 1;
    static final int TIMED_OUT = 2;
    /** The batch is older than what the event log still holds: its outcome cannot be counted any more. */
    static final int EXPIRED = 4;
    static final int BAD_INPUT = 64;
    /** EX_NOINPUT: what was asked for does not exist (a batch no producer opened, a dead letter no one has). */
    static final int NOT_FOUND = 66;
    static final int BROKER_UNAVAILABLE = 69;
    static final int INTERNAL = 70;
    /** EX_IOERR: an output could not be written whole. */
    static final int OUTPUT_FAILED = 74;

    private ExitCodes() {
    }
}
