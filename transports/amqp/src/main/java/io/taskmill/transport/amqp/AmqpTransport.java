package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
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
import io.taskmill.transport.FlowListener;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.QueueStatistics;
import io.taskmill.transport.RecoveryPolicy;
import io.taskmill.transport.Topology;
import io.taskmill.transport.TopologyMismatchException;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.WorkQueue;
import io.taskmill.transport.WorkQueueViews;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} on RabbitMQ. One connection publishes (tasks and events, each on a
 * confirming channel), another consumes; the consuming one is opened on first use, so a
 * producer holds one connection and a worker two. The roles live in their own classes
 * ({@link AmqpWorkQueue}, {@link AmqpEventLog}); this one owns the connections.
 */
public final class AmqpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpTransport.class);

    /** Outstanding unconfirmed publishes per channel before {@code publish} blocks. */
    static final int CONFIRM_WINDOW = 1_024;

    private final BrokerAddress address;
    private final Topology topology;
    private final AmqpOptions options;
    private final AmqpConnector connector;
    private final Connection publishing;
    private final ScheduledExecutorService scheduler;
    private final Continuations continuations = new Continuations("taskmill-amqp-confirms");
    private final AmqpSession session;
    private final WorkQueueViews workQueues;
    private final Map<String, EventLog> logs = new ConcurrentHashMap<>();
    private volatile Connection consuming;

    private AmqpTransport(BrokerAddress address, Topology topology) {
        this.address = address;
        this.topology = topology;
        this.options = AmqpOptions.of(address);
        this.connector = new AmqpConnector(address, options);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-resubscribe");
            thread.setDaemon(true);
            return thread;
        });
        this.publishing = connector.connect("publish", true);
        Clock clock = Clock.systemUTC();
        try {
            this.session = new AmqpSession(topology, options,
                    new ConfirmingPublisher(publishing::createChannel, CONFIRM_WINDOW,
                            ConfirmingPublisher.CONFIRM_PATIENCE, clock, scheduler, continuations),
                    new ConfirmingPublisher(publishing::createChannel, CONFIRM_WINDOW,
                            ConfirmingPublisher.CONFIRM_PATIENCE, clock, scheduler, continuations),
                    new Declarations(publishing), this::newConsumingChannel, this::newAdminChannel,
                    RecoveryPolicy.of(options.recoveryTimeout(), clock, scheduler), new DelayLadder(topology, options));
            this.workQueues = new WorkQueueViews(options.partitions(),
                    (name, lane, partition) -> new AmqpWorkQueue(name, lane, partition, session));
            Logs.everyProcess(options.eventPartitions()).forEach(this::log);
        } catch (IOException | RuntimeException e) {
            closeQuietly(publishing);
            scheduler.shutdownNow();
            continuations.close();
            throw e instanceof TransportException te ? te
                    : new TransportException("cannot open channels on " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * A log stream with its spec's retention; one that exists with other arguments (declared
     * by an earlier Taskmill, before streams had a size limit, or with other
     * {@code log-max-*} values) is used as it is, with a warning: the broker cannot change a
     * stream's arguments, only a policy can.
     */
    private void declareLog(QueueSpec spec) {
        try {
            session.declarations().declare(spec);
        } catch (TopologyMismatchException e) {
            session.declarations().ensure(spec.name(), channel -> channel.queueDeclarePassive(spec.name()));
            LOG.warn("stream {} exists with other retention arguments than {} ({}): it keeps its own; to change them, "
                    + "set a RabbitMQ policy (max-age, max-length-bytes) on it, or delete it", spec.name(),
                    spec.arguments(), e.getMessage());
        }
    }

    /** Connects to the broker, failing within about 10 s when it cannot be reached. */
    public static AmqpTransport connect(BrokerAddress address, Topology topology) {
        return new AmqpTransport(address, topology);
    }

    @Override
    public void settleTogether(Runnable settles) {
        AckScope.together(settles);
    }

    @Override
    public WorkQueue workQueue(String name) {
        return workQueue(name, Lane.DEFAULT);
    }

    @Override
    public WorkQueue workQueue(String name, Lane lane) {
        return workQueues.of(name, lane);
    }

    /** Declared on first use, and again before an append after someone deleted it (see {@link AmqpEventLog}). */
    @Override
    public EventPartitions eventPartitions() {
        return options.eventPartitions();
    }

    @Override
    public EventLog log(LogSpec spec) {
        return logs.computeIfAbsent(spec.name(), name -> {
            QueueSpec stream = QueueSpec.logStream(topology.log(spec), spec.retentionUnder(options.logRetention()),
                    options.replicas());
            declareLog(stream);
            return new AmqpEventLog(stream.name(), name, session, () -> declareLog(stream));
        });
    }

    @Override
    public QueueStatistics statistics() {
        return QueueStatistics.eachQueue(queue -> {
            QueueInfo work = QueueInfo.acrossPartitions(IntStream.range(0, options.partitions().count())
                    .mapToObj(partition -> QueueInfo.acrossLanes(Lane.all().stream()
                            .map(lane -> passive(topology.workQueue(queue, lane, partition))).toList())).toList());
            return List.of(new QueueInfo(work.name(), work.exists(), work.messages(), work.consumers(), delayed()),
                    passive(topology.deadLetterQueue(queue)));
        });
    }

    @Override
    public List<BrokerObject> footprint(Collection<String> queues, boolean whole) {
        return AmqpFootprint.existing(publishing, AmqpFootprint.candidates(topology, options, queues, whole));
    }

    @Override
    public void delete(List<BrokerObject> objects) {
        AmqpFootprint.delete(publishing, objects);
        // What was deleted would not be declared again by this transport, which believes it there.
        workQueues.clear();
        logs.clear();
    }

    /**
     * Messages on the deployment's delay ladder: retries and tasks not yet due, of every
     * queue. Asked on one channel; none when the ladder was never declared.
     */
    private long delayed() {
        DelayLadder ladder = session.ladder();
        try (Channel channel = publishing.createChannel()) {
            long waiting = 0;
            for (int level = 0; level < DelayLadder.LEVELS; level++) {
                waiting += channel.queueDeclarePassive(ladder.level(level)).getMessageCount();
            }
            return waiting;
        } catch (IOException | AlreadyClosedException e) {
            return 0;
        } catch (TimeoutException e) {
            throw new TransportException("timed out asking the broker about the delay queues", e);
        }
    }

    @Override
    public void onFlowControl(FlowListener listener) {
        publishing.addBlockedListener(listener::blocked, listener::unblocked);
    }

    /**
     * RabbitMQ 4 takes messages up to 16 MiB by default (3.x: 128 MiB); only quorum queues
     * count deliveries and have a delivery limit.
     */
    @Override
    public Capabilities capabilities() {
        Set<Capability> promises = EnumSet.of(Capability.BROKER_SIDE_DELAY, Capability.DEAD_LETTER_QUEUE,
                Capability.REREADABLE_LOG, Capability.FLOW_CONTROL, Capability.SHARED_ACROSS_PROCESSES, Capability.LANES);
        if (options.quorum()) {
            promises.add(Capability.COUNTS_DELIVERIES);
        }
        return new Capabilities(promises, options.quorum() ? OptionalInt.of(options.deliveryLimit())
                : OptionalInt.empty(), 16 << 20);
    }

    @Override
    public boolean connected() {
        Connection consumer = consuming;
        return publishing.isOpen() && (consumer == null || consumer.isOpen());
    }

    @Override
    public String describe() {
        return address.toString();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        closeQuietly(consuming);
        closeQuietly(publishing);
        continuations.close();
    }

    private QueueInfo passive(String name) {
        try (Channel channel = publishing.createChannel()) {
            AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(name);
            return new QueueInfo(name, true, ok.getMessageCount(), ok.getConsumerCount());
        } catch (IOException e) {
            return new QueueInfo(name, false, 0, 0);
        } catch (TimeoutException e) {
            throw new TransportException("timed out asking the broker about " + name, e);
        }
    }

    /** A channel for a subscription; fails while the connection is down, which the subscription retries. */
    private Channel newConsumingChannel() throws IOException {
        Channel channel = consumingConnection().createChannel();
        if (channel == null) {
            throw new IOException("no channel left on the consuming connection");
        }
        return channel;
    }

    /** A channel for a one-off job (reading dead letters); fails at once while the connection is down. */
    private Channel newAdminChannel() {
        try {
            return newConsumingChannel();
        } catch (IOException | RuntimeException e) {
            throw new TransportException("cannot open a channel on " + address + ": " + e.getMessage(), e);
        }
    }

    /**
     * Subscriptions restore their own consumers (see {@link ResubscribingConsumer}), so this
     * connection recovers itself and its channels but no topology.
     */
    private synchronized Connection consumingConnection() {
        if (consuming == null) {
            consuming = connector.connect("consume", false);
        }
        return consuming;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close(5_000);
            } catch (IOException | RuntimeException e) {
                // Closing a connection that is already failing: nothing left to release.
            }
        }
    }
}
