package io.taskmill.cli;

/** A count and its noun, in the singular for one: "1 task", "2 tasks". */
final class Counted {

    private Counted() {
    }

    static String tasks(long count) {
        return count + (count == 1 ? " task" : " tasks");
    }
}
