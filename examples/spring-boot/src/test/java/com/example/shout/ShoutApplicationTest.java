package com.example.shout;

import io.micrometer.core.instrument.MeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.client.Taskmill;
import io.taskmill.spring.TaskmillWorkerLifecycle;
import io.taskmill.testing.TestBroker;
import io.taskmill.transport.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The example as it runs: started on RabbitMQ, a batch through its own workers, healthy, then a clean stop. */
class ShoutApplicationTest {

    private final Topology topology = TestBroker.uniqueTopology();

    @AfterEach
    void deleteQueues() {
        TestBroker.deleteQueues(TestBroker.uri(), topology, List.of(Topology.DEFAULT_QUEUE));
    }

    private ConfigurableApplicationContext start() {
        // As an operator would start it: arguments over application.properties.
        return new SpringApplicationBuilder(ShoutApplication.class).run("--taskmill.broker=" + TestBroker.uri(),
                "--taskmill.prefix=" + topology.prefix(), "--taskmill.worker.concurrency=2");
    }

    @Test
    void aBatchRunsOnTheApplicationsOwnWorkersOverRabbitMqAndTheyStopCleanly() {
        ConfigurableApplicationContext context = start();
        TaskmillWorkerLifecycle worker = context.getBean(TaskmillWorkerLifecycle.class);
        try {
            assertThat(worker.worker().describe()).startsWith("amqp://").doesNotContain("guest:guest");
            assertThat(worker.worker().taskTypes()).contains("shout", "count");

            List<Map<String, String>> words = IntStream.range(0, 200).mapToObj(i -> Map.of("text", "word" + i)).toList();
            List<JsonNode> shouted = context.getBean(Taskmill.class).map("shout", words);

            assertThat(shouted).hasSize(200);
            assertThat(shouted.get(7).get("text").asText()).isEqualTo("WORD7!");
            assertThat(shouted).allSatisfy(result -> assertThat(result.get("worker").asText()).contains("/embedded-"));
            // Counted when each delivery is acked, just after its result reached the caller.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(worker.worker().completed()).isEqualTo(200));
            // The worker's metrics and the RabbitMQ client's, in the application's own registry.
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(meters.get("taskmill.tasks")
                    .tags("type", "shout", "outcome", "succeeded").counter().count()).isEqualTo(200));
            assertThat(meters.get("taskmill.publishes").tag("outcome", "confirmed").counter().count()).isPositive();
            assertThat(meters.get("rabbitmq.acknowledged_published").counter().count()).isPositive();
            var health = context.getBean(HealthEndpoint.class).healthForPath("taskmill");
            assertThat(health.getStatus()).isEqualTo(Status.UP);
        } finally {
            context.close();
        }
        assertThat(worker.isRunning()).as("drained and stopped with the context").isFalse();
    }
}
