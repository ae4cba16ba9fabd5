package io.taskmill.task;

/**
 * A producer that promised beats in its batch's {@link BatchOpened} is still publishing it:
 * appended every {@code beatMs} until the batch is sealed. It never stands for the opening,
 * so a join that meets a beat before the opening knows it started reading too late.
 */
public record ProducerBeat(int v, String batch, long at) implements BatchEvent {

    /** Beats missed in a row after which a batch's producer counts as stopped, by every reader of the log. */
    public static final int SILENT_BEATS = 6;

    public static ProducerBeat of(String batch, long at) {
        return new ProducerBeat(TaskEnvelope.VERSION, batch, at);
    }
}
