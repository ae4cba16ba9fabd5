package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.task.TaskCodec;
import io.taskmill.task.TaskEnvelope;
import io.taskmill.task.TaskId;
import io.taskmill.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The scenarios every transport's fault suite runs, the same steps on any broker. */
final class FaultScenarios {

    static final String WORK = "{\"ms\": 2}";

    /** A fault that hits the broker and every connection to it. */
    @FunctionalInterface
    interface BrokerFault {
        void inflict() throws Exception;
    }

    private FaultScenarios() {
    }

    static FaultScenario.FaultRow killMinus9OfAWorkerMidBatch(FaultScenario s) throws Exception {
        ConsumerProcess victim = s.consumer();
        s.consumer();
        String batch = s.submit("work", WORK, 2_000);
        Process join = s.startJoin(batch, "join");
        s.awaitExecutions(600);
        victim.kill();
        s.consumer();
        return s.finish(join, "join", batch);
    }

    static FaultScenario.FaultRow crashBetweenCompletionAndAck(FaultScenario s) throws Exception {
        ConsumerProcess crashing = s.consumer(Map.of("TASKMILL_FAULT_HALT_BEFORE_ACK", "50"));
        String batch = s.submit("work", WORK, 500);
        Process join = s.startJoin(batch, "join");
        await().atMost(Duration.ofMinutes(1)).until(() -> !crashing.alive());
        s.consumer();
        s.finish(join, "join", batch);
        // The halted tasks were final before they ran again, so the join may end before their second run. A join
        // started later reads the log up to its own fence: once the second completion is in, it counts it.
        AtomicInteger rejoins = new AtomicInteger();
        FaultScenario.FaultRow row = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    String label = "rejoin-" + rejoins.incrementAndGet();
                    return s.finish(s.startJoin(batch, label), label, batch);
                }, again -> again.summary().get("duplicates").asLong() >= 1);
        assertThat(row.duplicates()).as("the task reported but not acked ran again").isGreaterThanOrEqualTo(1);
        assertThat(row.summary().get("duplicates").asLong()).isGreaterThanOrEqualTo(1);
        return row;
    }

    /** The join and two consumers ride out a broker fault mid-batch, of tasks of 10 ms (about 6 s of work). */
    static FaultScenario.FaultRow midBatch(FaultScenario s, BrokerFault fault) throws Exception {
        return midBatch(s, 10, fault);
    }

    /** The same with tasks of {@code taskMs}: a fault that takes long to strike needs work left when it does. */
    static FaultScenario.FaultRow midBatch(FaultScenario s, int taskMs, BrokerFault fault) throws Exception {
        String batch = s.submit("work", "{\"ms\": " + taskMs + "}", 1_500);
        Process join = s.startJoinAndWait(batch, "join");
        s.consumer();
        s.consumer();
        s.awaitExecutions(400);
        s.strike(fault);
        return s.finish(join, "join", batch);
    }

    static FaultScenario.FaultRow handlerAlwaysThrows(FaultScenario s) throws Exception {
        s.consumer();
        String batch = s.submit("fail", "{}", 20);
        FaultScenario.FaultRow row = s.finish(s.startJoin(batch, "join"), "join", batch);
        assertThat(row.summary().get("failed").asLong()).isEqualTo(20);
        assertThat(s.deadLetters()).hasSize(20).allSatisfy(entry -> {
            assertThat(entry.get("reason").asText()).isEqualTo("failed");
            assertThat(entry.get("attempts").asText()).isEqualTo("3");
            assertThat(entry.get("error").asText()).isEqualTo("this task always fails");
        });
        return row;
    }

    /** A join killed half-way, run again, and run once more: the same counts every time. */
    static FaultScenario.FaultRow coordinatorKilledAndRejoined(FaultScenario s) throws Exception {
        s.consumer();
        String batch = s.submit("work", "{\"ms\": 5}", 1_500);
        Process first = s.startJoin(batch, "join-killed");
        s.awaitExecutions(300);
        first.destroyForcibly().waitFor();
        FaultScenario.FaultRow row = s.finish(s.startJoin(batch, "join"), "join", batch);
        Process again = s.startJoin(batch, "join-again");
        assertThat(again.waitFor(2, TimeUnit.MINUTES)).isTrue();
        JsonNode second = new ObjectMapper().readTree(Files.readString(s.deployment().logDir().resolve("join-again.out")));
        for (String field : List.of("total", "succeeded", "failed", "duplicates", "perWorker", "wallSeconds")) {
            assertThat(second.get(field)).as(field).isEqualTo(row.summary().get(field));
        }
        return row;
    }

    /** Publishes tasks {@code 0..count-1} of a batch, each confirmed: the healthy part of a poisoned batch. */
    static void publishWork(Transport transport, TaskCodec codec, String batch, int count) throws Exception {
        for (int seq = 0; seq < count; seq++) {
            TaskEnvelope task = TaskEnvelope.create(new TaskId(batch, seq), "work",
                    JsonNodeFactory.instance.objectNode().put("ms", 1), 60_000, System.currentTimeMillis());
            transport.workQueue("default").publish(codec.encode(task), task.id()).get(30, TimeUnit.SECONDS);
        }
    }

    /** A valid envelope of task {@code seq}, as text, to break in the ways poison is made of. */
    static String envelope(TaskCodec codec, String batch, long seq, String type) {
        return new String(codec.encode(TaskEnvelope.create(new TaskId(batch, seq), type,
                JsonNodeFactory.instance.objectNode(), 60_000, 1)), StandardCharsets.UTF_8);
    }

    /** Poison that every transport can carry: an unknown type, another version, a field missing, too deep, garbage. */
    static List<String> commonPoison(TaskCodec codec, String batch, long firstSeq) {
        return List.of(envelope(codec, batch, firstSeq, "no-such-type"),
                envelope(codec, batch, firstSeq + 1, "work").replace("\"v\":1", "\"v\":7"),
                envelope(codec, batch, firstSeq + 2, "work").replace("\"type\":\"work\",", ""),
                envelope(codec, batch, firstSeq + 3, "work").replace("\"payload\":{}",
                        "\"payload\":" + "{\"a\":".repeat(70) + "1" + "}".repeat(70)),
                "\u0000garbage{");
    }
}
