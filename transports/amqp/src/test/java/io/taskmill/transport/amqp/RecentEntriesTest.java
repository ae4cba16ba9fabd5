package io.taskmill.transport.amqp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentEntriesTest {

    @Test
    void anEntryReadAgainIsSeenAndANewOneAtAReusedOffsetIsNot() {
        RecentEntries recent = new RecentEntries();
        assertThat(recent.seenElseRemember(7, "outcome of task 1".getBytes(UTF_8))).isFalse();
        assertThat(recent.seenElseRemember(7, "outcome of task 1".getBytes(UTF_8))).as("read again").isTrue();
        assertThat(recent.seenElseRemember(7, "outcome of task 2".getBytes(UTF_8)))
                .as("written where a broker lost its last entries").isFalse();
        assertThat(recent.seenElseRemember(7 + RecentEntries.SIZE, "outcome of task 2".getBytes(UTF_8)))
                .as("another offset in the same slot").isFalse();
    }

    @Test
    void aStreamThatReplacedTheOneReadIsNewFromItsFirstOffset() {
        RecentEntries recent = new RecentEntries();
        recent.seenElseRemember(0, "opened".getBytes(UTF_8));
        recent.forget();
        assertThat(recent.seenElseRemember(0, "opened".getBytes(UTF_8))).isFalse();
    }
}
