package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskmill.config.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batches keep flowing through three consumers for {@code -Dtaskmill.soak=DURATION} (two
 * minutes by default, as CI runs it) while a random fault from the suite's list strikes
 * each batch mid-way; after each batch the one oracle must say lost = 0. The work queue is
 * deleted only between batches, when it is empty: deleting it mid-batch would destroy
 * tasks the broker had confirmed, which no client can undo.
 */
class ChaosSoakIT {

    /** About four seconds of work for the fleet: long enough that a fault lands while the batch runs. */
    private static final int TASKS = 2_000;
    private static final String WORK = "{\"ms\": 25}";
    private static FaultBroker broker;
    private static Path plugins;

    @BeforeAll
    static void startBroker() throws Exception {
        DockerRequirement.require("ChaosSoakIT");
        broker = FaultBroker.alone();
        plugins = Files.createDirectories(Path.of("target", "chaos-plugins").toAbsolutePath());
        Files.copy(Jars.faultTasks(), plugins.resolve("fault-tasks.jar"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private enum Fault { KILL_9, SIGSTOP_SIGCONT, GRACEFUL_RESTART, HARD_KILL, CLOSE_ALL_CONNECTIONS, MEMORY_ALARM }

    @Test
    void batchesUnderRandomFaultsLoseNothing() throws Exception {
        Duration soak = Durations.parse(System.getProperty("taskmill.soak", "2m"));
        Random random = new Random(Long.getLong("taskmill.soak.seed", System.nanoTime()));
        List<Fault> faults = faults(System.getProperty("taskmill.soak.faults", ""));
        Map<String, Integer> injected = new TreeMap<>();
        long tasks = 0;
        long lost = 0;
        long duplicates = 0;
        int batches = 0;
        int midBatch = 0;
        long started = System.nanoTime();
        try (FaultScenario s = new FaultScenario("chaos soak", broker.uri(), plugins)) {
            List<ConsumerProcess> fleet = new ArrayList<>(List.of(s.consumer(), s.consumer(), s.consumer()));
            while (System.nanoTime() - started < soak.toNanos()) {
                batches++;
                s.calm();
                long before = s.executions();
                String batch = s.submit("work", WORK, TASKS);
                Process join = s.startJoinAndWait(batch, "join-" + batches);
                s.awaitExecutions(before + TASKS / 5);
                Fault fault = faults.get(random.nextInt(faults.size()));
                inflict(fault, s, fleet, random);
                midBatch += join.isAlive() ? 1 : 0;
                injected.merge(fault.name(), 1, Integer::sum);
                replaceTheDead(s, fleet);
                FaultScenario.FaultRow row;
                try {
                    row = s.finish(join, "join-" + batches, batch);
                } catch (AssertionError e) {
                    throw new AssertionError("batch " + batches + ", struck by " + fault + " (faults so far: "
                            + injected + "): " + e.getMessage(), e);
                }
                tasks += row.tasks();
                lost += row.lost();
                duplicates += row.duplicates();
                if (random.nextInt(4) == 0) {
                    broker.deleteWorkQueue(s.deployment().topology(), "default");
                    injected.merge("QUEUE_DELETED_BETWEEN_BATCHES", 1, Integer::sum);
                }
                replaceTheDead(s, fleet);
            }
        }
        String report = String.format("| %s | %d | %d | %s | %d | %d | %d |%n", soak, batches, tasks, injected, midBatch,
                lost, duplicates);
        Files.writeString(Path.of("target", "chaos-soak.md"), "| soak | batches | tasks | faults injected "
                + "| of them while a batch ran | lost | duplicate executions |\n|---|---:|---:|---|---:|---:|---:|\n"
                + report);
        System.out.print(report);
        assertThat(lost).isZero();
        assertThat(batches).isGreaterThanOrEqualTo(2);
    }

    /** All of them, or those {@code -Dtaskmill.soak.faults=GRACEFUL_RESTART,KILL_9} names: to chase one. */
    private static List<Fault> faults(String names) {
        return names.isBlank() ? List.of(Fault.values())
                : java.util.Arrays.stream(names.split(",")).map(String::strip).map(Fault::valueOf).toList();
    }

    /**
     * A broker fault strikes the batch (see {@link FaultScenario#strike}), as the fault suite's rows do: it may take
     * back a delivery before its ack, the callback's too (a hard kill seen landing as the callback's task ran).
     */
    private static void inflict(Fault fault, FaultScenario s, List<ConsumerProcess> fleet, Random random)
            throws Exception {
        ConsumerProcess victim = fleet.get(random.nextInt(fleet.size()));
        switch (fault) {
            case KILL_9 -> victim.kill();
            case SIGSTOP_SIGCONT -> {
                signal("STOP", victim);
                // The fault is the pause itself: a worker frozen with deliveries in hand, as under a long GC.
                Thread.sleep(3_000);
                signal("CONT", victim);
            }
            case GRACEFUL_RESTART -> s.strike(broker::gracefulRestart);
            case HARD_KILL -> s.strike(broker::hardKillAndStart);
            case CLOSE_ALL_CONNECTIONS -> s.strike(broker::dropEveryConnection);
            case MEMORY_ALARM -> s.strike(() -> {
                broker.raise(FaultyBroker.Alarm.MEMORY);
                Thread.sleep(2_000);
                broker.clear(FaultyBroker.Alarm.MEMORY);
            });
        }
    }

    private static void signal(String name, ConsumerProcess consumer) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(consumer.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    /** A killed consumer, or one that gave up on the broker and exited for its supervisor: start another. */
    private static void replaceTheDead(FaultScenario s, List<ConsumerProcess> fleet) throws Exception {
        for (int i = 0; i < fleet.size(); i++) {
            if (!fleet.get(i).alive()) {
                fleet.set(i, s.consumer());
            }
        }
    }
}
