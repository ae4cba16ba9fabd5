package io.taskmill.cli;

/** The CLI's exit codes (the last three from BSD's sysexits). */
final class ExitCodes {

    static final int OK = 0;
    static final int TASKS_FAILED = 1;
    static final int TIMED_OUT = 2;
    static final int BAD_INPUT = 64;
    static final int BROKER_UNAVAILABLE = 69;
    static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
