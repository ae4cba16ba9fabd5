package io.taskmill.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a schedule's ticks fall: a Unix cron expression of five fields (minute first), or
 * one of six with seconds first (Spring's form, for ticks under a minute), in a time zone.
 */
public final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser SECONDS = new CronParser(
            CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

    private final ExecutionTime times;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime times, ZoneId zone) {
        this.times = times;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming what is wrong with the expression or the zone */
    public static CronSchedule parse(String expression, String zone) {
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a time zone: '" + zone + "' (like UTC or Europe/Paris)");
        }
        String trimmed = expression == null ? "" : expression.trim();
        int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day month weekday) or 6 "
                    + "(seconds first), not " + fields + ": '" + expression + "'");
        }
        try {
            Cron cron = (fields == 5 ? UNIX : SECONDS).parse(trimmed).validate();
            return new CronSchedule(ExecutionTime.forCron(cron), zoneId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cron expression: '" + expression + "' (" + e.getMessage() + ")");
        }
    }

    /** The latest tick at or before {@code when}. */
    public Optional<Instant> latestAtOrBefore(Instant when) {
        ZonedDateTime at = when.atZone(zone);
        if (times.isMatch(at.withNano(0)) && at.getNano() == 0) {
            return Optional.of(when);
        }
        return times.lastExecution(at).map(ZonedDateTime::toInstant);
    }

    /** The first tick after {@code when}. */
    public Optional<Instant> nextAfter(Instant when) {
        return times.nextExecution(when.atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
