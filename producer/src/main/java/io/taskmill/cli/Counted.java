package io.taskmill.cli;

/** A count and its noun, in the singular for one: "1 task", "2 tasks". */
final class Counted {

    private Counted() {
    }

    static String tasks(long count) {
        return of(count, "task");
    }

    /** For a noun whose plural takes an s. */
    static String of(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
