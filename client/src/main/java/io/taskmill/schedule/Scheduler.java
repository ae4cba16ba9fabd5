package io.taskmill.schedule;

import io.taskmill.task.TaskCodec;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires periodic schedules: run it in as many processes as you like, each tick is submitted
 * once. At a tick, a scheduler appends a claim to the schedule log; the first claim of the
 * tick in log order wins, every scheduler reads the log in that order, and only the
 * winner's submits. The last winner claims at once and the others only once it has left
 * a tick unclaimed for {@link #TAKEOVER}, so a running fleet makes about one claim a tick
 * and a dead winner is replaced within a second. A winner that dies between its claim and
 * its submission leaves the tick unfired: after {@link #FIRE_PATIENCE} the others submit it,
 * as the same batch with the same task ids (derived from the tick), so it is counted once
 * even if the winner did submit it. Ticks missed while no scheduler ran are not all made up:
 * the latest of them fires once, the earlier are skipped.
 */
public final class Scheduler implements AutoCloseable {

    /** How long a tick stays the last winner's to claim before any scheduler claims it. */
    static final Duration TAKEOVER = Duration.ofSeconds(1);
    /** How long a won tick may stay unfired before the other schedulers fire it. */
    static final Duration FIRE_PATIENCE = Duration.ofSeconds(2);
    private static final long CHECK_EVERY_MS = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final String self;
    private final Clock clock;
    private final BiFunction<Schedule, Instant, String> submit;
    private final Set<String> myClaims = ConcurrentHashMap.newKeySet();
    private final Set<String> bidding = new HashSet<>();
    private final Set<String> rescued = new HashSet<>();
    /** Each definition's expression, parsed once rather than at every check (timer thread only). */
    private final Map<String, CronSchedule> times = new HashMap<>();
    private final ScheduledExecutorService timer;
    private final BookFollower follower;

    /**
     * Follows the log, catches up, and starts checking the schedules.
     *
     * @param self   this scheduler's name in claims (a worker id)
     * @param submit submits one tick of a schedule and returns its batch id; submitting a tick
     *               twice must give the same batch and task ids
     * @throws TransportException when the schedule log cannot be read back within 30 s
     */
    public Scheduler(EventLog log, TaskCodec codec, Clock clock, String self,
                     BiFunction<Schedule, Instant, String> submit) {
        this.self = self;
        this.clock = clock;
        this.submit = submit;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        this.follower = new BookFollower(log, codec, this::onWin);
        try {
            follower.awaitCaughtUp(PATIENCE);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        timer.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Completes when the schedule log's subscription has given up for good. */
    public CompletionStage<TransportException> failure() {
        return follower.subscription().failure();
    }

    private void check() {
        try {
            Instant now = clock.instant();
            List<Schedule> schedules = follower.read(ScheduleBook::schedules);
            times.keySet().retainAll(schedules.stream().map(Schedule::id).toList());
            for (Schedule schedule : schedules) {
                Optional<Instant> due = times.computeIfAbsent(schedule.id(), id -> schedule.times())
                        .latestAtOrBefore(now);
                if (due.isEmpty()) {
                    continue;
                }
                long tick = due.get().toEpochMilli();
                if (shouldClaim(schedule, tick, now.toEpochMilli())) {
                    claim(schedule, tick);
                }
                rescueUnfired(schedule, tick, now.toEpochMilli());
            }
        } catch (RuntimeException e) {
            LOG.warn("schedules not checked: {}", e.getMessage());
        }
    }

    private boolean shouldClaim(Schedule schedule, long tick, long now) {
        if (tick <= schedule.createdAt() || bidding.contains(schedule.id() + "@" + tick)) {
            return false;
        }
        Optional<ScheduleEntry.Claimed> last = follower.read(book -> book.lastClaim(schedule.id()));
        if (last.isPresent() && last.get().tick() >= tick) {
            return false;
        }
        boolean lastWinner = last.isEmpty() || last.get().by().equals(self);
        return lastWinner || now - tick >= TAKEOVER.toMillis();
    }

    /**
     * The latest due tick, won but left unfired for {@link #FIRE_PATIENCE} by a winner that
     * must be gone. An older one is a missed tick like any other: skipped.
     */
    private void rescueUnfired(Schedule schedule, long due, long now) {
        Optional<ScheduleEntry.Claimed> last = follower.read(book -> book.lastClaim(schedule.id())
                .filter(claimed -> claimed.tick() == due && !book.wasFired(schedule.id(), claimed.tick())));
        if (last.isPresent() && now - last.get().at() >= FIRE_PATIENCE.toMillis()
                && rescued.add(schedule.id() + "@" + last.get().tick())) {
            LOG.warn("schedule {}: tick {} was claimed by {} but not submitted within {} s; submitting it from here",
                    schedule.name(), Instant.ofEpochMilli(last.get().tick()), last.get().by(),
                    FIRE_PATIENCE.toSeconds());
            fire(last.get());
        }
    }

    private void claim(Schedule schedule, long tick) {
        String bid = schedule.id() + "@" + tick;
        String claim = UUID.randomUUID().toString();
        bidding.removeIf(old -> Long.parseLong(old.substring(old.lastIndexOf('@') + 1)) < tick);
        bidding.add(bid);
        myClaims.add(claim);
        try {
            follower.append(new ScheduleEntry.Claimed(schedule.id(), tick, claim, self, clock.millis()), PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // Not claimed, as far as we know: bid again at the next check.
            bidding.remove(bid);
            myClaims.remove(claim);
            LOG.warn("could not claim tick {} of schedule {}: {}", Instant.ofEpochMilli(tick), schedule.name(),
                    e.getMessage());
        }
    }

    /** The log's winning claim of a tick: submit it if it is ours. */
    private void onWin(ScheduleEntry.Claimed claimed) {
        if (!myClaims.remove(claimed.claim())) {
            return;
        }
        timer.execute(() -> fire(claimed));
    }

    private void fire(ScheduleEntry.Claimed claimed) {
        Optional<Schedule> schedule = follower.read(book -> book.definition(claimed.id()));
        if (schedule.isEmpty()) {
            return;
        }
        Instant tick = Instant.ofEpochMilli(claimed.tick());
        try {
            String batch = submit.apply(schedule.get(), tick);
            follower.append(new ScheduleEntry.Fired(claimed.id(), claimed.tick(), batch, self, clock.millis()),
                    PATIENCE);
            LOG.info("schedule {}: tick {} submitted as batch {}", schedule.get().name(), tick, batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("schedule {}: tick {} was not submitted: {}", schedule.get().name(), tick, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        follower.close();
    }
}
