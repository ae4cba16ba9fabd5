package io.taskmill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskmill.client.TaskmillClient;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.schedule.Schedule;
import io.taskmill.schedule.Schedules;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code taskmill schedule}: periodic schedules, kept in the broker and fired by consumers run with --scheduler. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Periodic schedules: a task submitted at every tick of a cron expression, by consumers started "
                + "with --scheduler (each tick once, however many run it).",
        subcommands = {ScheduleCommand.AddCommand.class, ScheduleCommand.ListCommand.class,
                ScheduleCommand.RemoveCommand.class, ScheduleCommand.HistoryCommand.class})
final class ScheduleCommand extends CommandGroup {

    /** What every schedule command has: the broker options, and a client on them for its run. */
    abstract static class OnSchedules implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        BrokerOptions broker;

        @Option(names = "--json", description = "Print JSON: one object, or one per line for list and history (see "
                + "Machine-readable output in the README).")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            try (TaskmillClient client = CliClient.connect(broker.remote(), spec.commandLine().getErr())) {
                return run(client, client.schedules(), spec.commandLine().getOut());
            }
        }

        abstract int run(TaskmillClient client, Schedules schedules, PrintWriter out) throws InterruptedException;

        static ObjectNode asJson(Schedule schedule) {
            return JsonOutput.of(schedule).put("createdAt", JsonOutput.instant(schedule.createdAt()));
        }

        /**
         * Says so on stderr when no live consumer fires schedules: a schedule added then waits, and
         * nothing else would tell why it never fires.
         */
        void hintIfNobodyFires(TaskmillClient client) {
            if (client.workers().stream().noneMatch(worker -> worker.roles().contains(WorkerHeartbeat.SCHEDULER))) {
                spec.commandLine().getErr().println("taskmill: no live consumer of this deployment runs --scheduler: "
                        + "schedules fire only while one does (bin/taskmill-consumer --scheduler)");
            }
        }

        int noSuchSchedule(String name) {
            spec.commandLine().getErr().println("taskmill: no schedule named '" + name + "' (see taskmill schedule list)");
            return ExitCodes.NOT_FOUND;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a schedule, or replace the one of that name.")
    static final class AddCommand extends OnSchedules {

        @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's name: letters, digits, '.', '_', '-'.")
        String name;

        @Option(names = "--cron", required = true, paramLabel = "EXPR",
                description = "5 fields (minute hour day month weekday, e.g. '*/5 * * * *') or 6 with seconds first "
                        + "('*/10 * * * * *').")
        String cron;

        @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
                description = "Time zone of the expression (default: ${DEFAULT-VALUE}).")
        String zone;

        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Task type to submit at each tick.")
        String type;

        @Option(names = "--payload", paramLabel = "JSON", defaultValue = "{}",
                description = "The task's payload (default: ${DEFAULT-VALUE}).")
        String payload;

        private JsonNode payloadJson;

        @Override
        public Integer call() throws InterruptedException {
            // Before connecting: bad JSON is an error whether or not a broker answers.
            payloadJson = parse(payload);
            return super.call();
        }

        @Override
        int run(TaskmillClient client, Schedules schedules, PrintWriter out) throws InterruptedException {
            Schedule added = schedules.add(name, cron, zone, type, payloadJson, broker.queue);
            Optional<Instant> next = added.times().nextAfter(Instant.now());
            hintIfNobodyFires(client);
            if (json) {
                JsonOutput.print(out, asJson(added).put("next", next.map(Instant::toString).orElse(null)));
                return ExitCodes.OK;
            }
            out.println("schedule " + added.name() + ": '" + added.cron() + "' (" + added.zone() + ") submits "
                    + added.type() + " to queue " + added.queue() + "; next tick "
                    + next.map(Instant::toString).orElse("never"));
            return ExitCodes.OK;
        }

        private static JsonNode parse(String text) {
            try {
                return new ObjectMapper().readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("--payload: not JSON" + PayloadReader.problem(e));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "The schedules in force, their next tick and the last one submitted (--json: one JSON "
                    + "object per line).")
    static final class ListCommand extends OnSchedules {

        @Override
        int run(TaskmillClient client, Schedules schedules, PrintWriter out) {
            List<Schedules.Status> all = schedules.list();
            for (Schedules.Status status : all) {
                Schedule schedule = status.schedule();
                if (json) {
                    JsonOutput.print(out, asJson(schedule).put("next", status.next().map(Instant::toString).orElse(null))
                            .put("lastTick", status.lastTick().map(Instant::toString).orElse(null))
                            .put("lastBatch", status.lastBatch().orElse(null)));
                    continue;
                }
                out.printf("%s  '%s' %s  %s -> %s  next %s  last %s%s%n", schedule.name(), schedule.cron(),
                        schedule.zone(), schedule.type(), schedule.queue(), text(status.next()),
                        text(status.lastTick()), status.lastBatch().map(batch -> " (batch " + batch + ")").orElse(""));
            }
            spec.commandLine().getErr().println("taskmill: " + Counted.of(all.size(), "schedule"));
            return ExitCodes.OK;
        }

        private static String text(Optional<Instant> instant) {
            return instant.map(Instant::toString).orElse("-");
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a schedule: no tick of it fires after.")
    static final class RemoveCommand extends OnSchedules {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(TaskmillClient client, Schedules schedules, PrintWriter out) throws InterruptedException {
            if (!schedules.remove(name)) {
                return noSuchSchedule(name);
            }
            if (json) {
                JsonOutput.print(out, JsonOutput.object().put("removed", name));
            } else {
                out.println("removed schedule " + name);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "The ticks of a schedule submitted lately: tick, batch, and the scheduler that submitted it "
                    + "(--json: one JSON object per line).")
    static final class HistoryCommand extends OnSchedules {

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(TaskmillClient client, Schedules schedules, PrintWriter out) {
            Optional<List<Schedules.Firing>> history = schedules.history(name);
            if (history.isEmpty()) {
                return noSuchSchedule(name);
            }
            if (history.get().isEmpty()) {
                spec.commandLine().getErr().println("taskmill: schedule " + name + " has not fired yet");
                hintIfNobodyFires(client);
            }
            for (Schedules.Firing firing : history.get()) {
                if (json) {
                    JsonOutput.print(out, JsonOutput.object().put("tick", firing.tick().toString())
                            .put("batch", firing.batch()).put("by", firing.by()));
                } else {
                    out.println(firing.tick() + "  " + firing.batch() + "  " + firing.by());
                }
            }
            return ExitCodes.OK;
        }
    }
}
