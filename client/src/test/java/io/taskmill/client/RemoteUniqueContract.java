package io.taskmill.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.testing.TcpCutter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Unique keys on a real broker, also for a submitter whose link to it drops while it claims. */
abstract class RemoteUniqueContract extends UniqueContract {

    RemoteUniqueContract(RemoteBroker broker) {
        super(broker);
    }

    @Test
    void aClaimMadeWhileTheLinkIsDownIsWrittenOnceItIsBackAndItsKeyRunsOnce() throws Exception {
        InetSocketAddress listener = broker.listener();
        try (TcpCutter cutter = TcpCutter.to(listener.getHostString(), listener.getPort())) {
            Taskmill cut = pool(options(broker.through(cutter.port())));
            String warmUp = cut.submitUnique("stamp", Map.of(), "warm-up", Duration.ofSeconds(5))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS).asText();

            cutter.cutOff();
            CompletableFuture<CompletableFuture<JsonNode>> claimed = CompletableFuture.supplyAsync(
                    () -> cut.submitUnique("stamp", Map.of(), "invoice-9", Duration.ofHours(1)));
            // Down for as long as the client keeps trying to come back, with its claim under way.
            await().atMost(WAIT).until(() -> cutter.refused() >= 2 || claimed.isDone());
            cutter.heal();

            String task = claimed.get(WAIT.toSeconds(), TimeUnit.SECONDS).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .asText();
            String again = pool().submitUnique("stamp", Map.of(), "invoice-9", Duration.ofHours(1))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS).asText();
            assertThat(again).as("another client's submission of the key, once the first ran").isEqualTo(task);
            assertThat(executed).as("tasks run").containsExactly(warmUp, task);
        }
    }
}
