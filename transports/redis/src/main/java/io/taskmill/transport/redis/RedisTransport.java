package io.taskmill.transport.redis;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerObject;
import io.taskmill.transport.Capabilities;
import io.taskmill.transport.Capability;
import io.taskmill.transport.Continuations;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.EventPartitions;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.QueueStatistics;
import io.taskmill.transport.RecoveryPolicy;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.WorkQueue;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link Transport} on Redis Streams: per work queue a stream read by one consumer group, a
 * sorted set of delayed tasks and a stream of dead letters; the logs are streams read from
 * an entry id. One pipelined connection carries every write; each reader that waits for
 * entries has a connection of its own. The client reconnects by itself.
 */
public final class RedisTransport implements Transport {

    /** Redis takes values up to 512 MB; a task that large is a mistake, but it is Redis's limit. */
    private static final int MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

    private final Topology topology;
    private final RedisOptions options;
    private final RedisNames names;
    private final RedisConnector connector;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ScheduledExecutorService timer;
    private final Continuations continuations = new Continuations("taskmill-redis-confirms");
    private final RedisPublisher publisher;
    private final RecoveryPolicy recovery;
    private final Clock clock = Clock.systemUTC();
    private final String process = ManagementFactory.getRuntimeMXBean().getName();
    private final Map<String, Map<Lane, WorkQueue>> workQueues = new ConcurrentHashMap<>();
    private final DueTasks dueTasks;
    private final Map<String, EventLog> logs = new ConcurrentHashMap<>();

    private RedisTransport(BrokerAddress address, Topology topology) {
        this.topology = topology;
        this.options = RedisOptions.of(address);
        this.names = new RedisNames(topology);
        this.connector = new RedisConnector(address, options.tls());
        try {
            this.connection = connector.connect();
        } catch (RuntimeException e) {
            connector.close();
            throw e;
        }
        this.publisher = new RedisPublisher(continuations, connection.async(), options.replicaWait());
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-redis-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.recovery = RecoveryPolicy.of(options.recoveryTimeout(), clock, timer);
        this.dueTasks = new DueTasks(connection.async());
        timer.scheduleWithFixedDelay(dueTasks::move, DueTasks.EVERY_MS, DueTasks.EVERY_MS, TimeUnit.MILLISECONDS);
        try {
            Logs.everyProcess(options.eventPartitions()).forEach(this::make);
        } catch (RuntimeException e) {
            close();
            throw new TransportException("cannot make the logs of " + topology.prefix() + " on Redis at "
                    + connector.address() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a log's stream, empty, if it is not there: Redis makes a stream at its first entry,
     * and a reader of a log that never existed cannot tell it from one deleted under it. A
     * stream is made empty only with a consumer group, which a log does not otherwise use.
     */
    private void make(LogSpec spec) {
        String stream = names.logStream(spec);
        if (sync().exists(stream) > 0) {
            return;
        }
        try {
            sync().xgroupCreate(XReadArgs.StreamOffset.from(stream, "$"), RedisNames.MADE,
                    XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException e) {
            // Made meanwhile by another process.
        }
    }

    /** Connects to the first host that answers as a primary, failing within about 10 s a host when none does. */
    public static RedisTransport connect(BrokerAddress address, Topology topology) {
        return new RedisTransport(address, topology);
    }

    @Override
    public WorkQueue workQueue(String name) {
        return workQueue(name, Lane.DEFAULT);
    }

    /** A stream of its own a lane, as RabbitMQ has a queue a lane. */
    @Override
    public WorkQueue workQueue(String name, Lane lane) {
        return workQueues.computeIfAbsent(name, key -> {
            // Listed, so that removing the deployment finds queues nobody names.
            commands().sadd(names.queues(), name.getBytes(StandardCharsets.UTF_8));
            return new ConcurrentHashMap<>();
        }).computeIfAbsent(lane, key -> new RedisWorkQueue(name, lane, this));
    }

    @Override
    public EventPartitions eventPartitions() {
        return options.eventPartitions();
    }

    @Override
    public EventLog log(LogSpec spec) {
        return logs.computeIfAbsent(spec.name(), name -> new RedisEventLog(this, names.logStream(spec),
                spec.retentionUnder(options.logRetention()),
                Logs.everyProcess(options.eventPartitions()).contains(spec)));
    }

    @Override
    public QueueStatistics statistics() {
        return QueueStatistics.eachQueue(queue -> {
            String[] keys = names.laneKeys(queue).toArray(String[]::new);
            byte[] reclaimAfter = Long.toString(options.reclaimAfter().toMillis()).getBytes(StandardCharsets.US_ASCII);
            List<Long> depth = RedisScripts.DEPTH.<List<Long>>run(commands(), ScriptOutputType.MULTI,
                    keys, RedisNames.GROUP.getBytes(StandardCharsets.UTF_8), reclaimAfter).join();
            boolean exists = depth.get(0) == 1;
            long consumers = RedisScripts.LIVE.<Long>run(commands(), ScriptOutputType.INTEGER,
                    new String[] {names.workers(queue)}, reclaimAfter).join();
            String dead = names.deadStream(queue);
            return List.of(new QueueInfo(names.workStream(queue, Lane.DEFAULT), exists, depth.get(1), (int) consumers,
                            depth.get(2)),
                    new QueueInfo(dead, exists || sync().exists(dead) > 0, sync().xlen(dead), 0));
        });
    }

    /**
     * What a deployment keeps: per queue each lane's stream and delayed tasks, its live workers
     * and dead letters; its logs; its list of queues.
     */
    @Override
    public List<BrokerObject> footprint(Collection<String> queues, boolean whole) {
        RedisCommands<String, byte[]> redis = sync();
        Set<String> named = new LinkedHashSet<>(queues);
        List<String> keys = new ArrayList<>();
        if (whole) {
            redis.smembers(names.queues()).forEach(queue -> named.add(new String(queue,
                    StandardCharsets.UTF_8)));
        }
        for (String queue : named) {
            keys.addAll(names.laneKeys(queue));
            keys.add(names.workers(queue));
            keys.add(names.deadStream(queue));
        }
        if (whole) {
            Set<LogSpec> specs = new LinkedHashSet<>(Logs.ALL);
            specs.addAll(options.eventPartitions().readable());
            specs.forEach(spec -> keys.add(names.logStream(spec)));
            keys.add(names.queues());
        }
        List<BrokerObject> existing = new ArrayList<>();
        for (String key : keys) {
            String type = redis.type(key);
            if (!"none".equals(type)) {
                existing.add(new BrokerObject(type, key));
            }
        }
        return existing;
    }

    @Override
    public void delete(List<BrokerObject> objects) {
        RedisCommands<String, byte[]> redis = sync();
        for (BrokerObject object : objects) {
            try {
                redis.del(object.name());
            } catch (RuntimeException e) {
                throw new TransportException("cannot delete " + object + ": " + e.getMessage(), e);
            }
        }
        workQueues.clear();
        logs.clear();
    }

    /**
     * Delays are a sorted set no worker thread waits on; dead letters a stream of their own;
     * the delivery count is the group's, and a task delivered {@code delivery-limit} times
     * goes to the dead letters when it comes back once more; a lane is a stream of its own. Redis has no flow
     * control (a full server refuses writes, and a publish fails saying so). A delivery is renewed while
     * its task runs, but a worker that stalls past the reclaim time loses it without knowing:
     * its workers lease long tasks, as RabbitMQ's and NATS's do.
     */
    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.of(Capability.COUNTS_DELIVERIES, Capability.BROKER_SIDE_DELAY,
                Capability.DEAD_LETTER_QUEUE, Capability.REREADABLE_LOG, Capability.SHARED_ACROSS_PROCESSES,
                Capability.LANES),
                OptionalInt.of(options.deliveryLimit()), MAX_MESSAGE_BYTES);
    }

    @Override
    public boolean connected() {
        return connection.isOpen();
    }

    @Override
    public String describe() {
        return connector.address().toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        connection.close();
        connector.close();
        continuations.close();
    }

    /** A name for a consumer of a group, one per subscription: the process and a random part. */
    String consumerName() {
        return process + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    RedisAsyncCommands<String, byte[]> commands() {
        return connection.async();
    }

    /** The shared connection, for a caller that waits: never from a continuation of a write. */
    RedisCommands<String, byte[]> sync() {
        return connection.sync();
    }

    RedisConnector connector() {
        return connector;
    }

    RedisPublisher publisher() {
        return publisher;
    }

    RedisOptions options() {
        return options;
    }

    RedisNames names() {
        return names;
    }

    DueTasks dueTasks() {
        return dueTasks;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    RecoveryPolicy recovery() {
        return recovery;
    }

    Clock clock() {
        return clock;
    }
}
