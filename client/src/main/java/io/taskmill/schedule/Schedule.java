package io.taskmill.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * A periodic schedule: a task of {@code type} with {@code payload} submitted to
 * {@code queue} at every tick of {@code cron} in {@code zone}.
 *
 * @param name      what people call it; adding a schedule of the same name replaces it
 * @param id        this definition's own id: ticks are claimed per definition, so a replaced
 *                  schedule starts afresh
 * @param createdAt when it was defined, epoch ms: no tick before then fires
 */
public record Schedule(String name, String cron, String zone, String type, JsonNode payload, String queue, String id,
                       long createdAt) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    public Schedule {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a schedule name is 1 to 100 letters, digits, '.', '_' or '-', not '"
                    + name + "'");
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a schedule needs a task type");
        }
        CronSchedule.parse(cron, zone);
    }

    public CronSchedule times() {
        return CronSchedule.parse(cron, zone);
    }
}
