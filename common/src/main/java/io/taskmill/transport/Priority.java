package io.taskmill.transport;

import java.util.Locale;

/** How soon a task should start relative to others waiting: each level is a lane of its own. */
public enum Priority {
    HIGH, NORMAL, LOW;

    /** {@code high}, {@code normal} or {@code low}, in any case; anything else is a one-line error. */
    public static Priority parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("priority must be high, normal or low, was '" + text + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
