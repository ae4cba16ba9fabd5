package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class TaskFutureTest {

    @Test
    void aTimedGetThatTimesOutSaysWhichTaskAndHowItsQueueStandsAsDoFuturesMadeFromIt() throws Exception {
        TaskFuture<String> future = new TaskFuture<>("b:0", () -> "no consumer on queue q (0 live workers)");
        CompletableFuture<Integer> derived = future.thenApply(String::length);

        assertThatThrownBy(() -> future.get(10, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class)
                .hasMessage("task b:0 not done within 10 milliseconds: no consumer on queue q (0 live workers)");
        assertThatThrownBy(() -> derived.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("no consumer on queue q");

        assertThatThrownBy(() -> future.get(1, TimeUnit.NANOSECONDS)).hasMessageStartingWith("task b:0 not done within "
                + "1 nanosecond: ");

        future.complete("four");
        assertThat(derived.get(1, TimeUnit.SECONDS)).isEqualTo(4);
    }
}
