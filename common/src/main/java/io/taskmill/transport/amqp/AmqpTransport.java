package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.FlowListener;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.UnroutableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.time.Clock;

/**
 * {@link Transport} on RabbitMQ. One connection publishes (tasks and events, each on a
 * confirming channel), another consumes; the consuming one is opened on first use, so a
 * producer holds one connection and a worker two.
 */
public final class AmqpTransport implements Transport {

    /** Outstanding unconfirmed publishes per channel before {@code publish} blocks. */
    static final int CONFIRM_WINDOW = 1_024;

    private final BrokerAddress address;
    private final Topology topology;
    private final AmqpConnector connector;
    private final Connection publishing;
    private final ConfirmingPublisher tasks;
    private final ConfirmingPublisher events;
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final RecoveryPolicy recovery;
    private final ScheduledExecutorService scheduler;
    private volatile Connection consuming;
    private Channel declaring;

    private AmqpTransport(BrokerAddress address, Topology topology) {
        this.address = address;
        this.topology = topology;
        this.connector = new AmqpConnector(address);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-resubscribe");
            thread.setDaemon(true);
            return thread;
        });
        this.recovery = RecoveryPolicy.of(address, Clock.systemUTC(), scheduler);
        this.publishing = connector.connect("publish", true);
        try {
            this.tasks = new ConfirmingPublisher(publishing.createChannel(), CONFIRM_WINDOW);
            this.events = new ConfirmingPublisher(publishing.createChannel(), CONFIRM_WINDOW);
            declare(QueueSpec.eventLog(topology));
            declare(QueueSpec.controlLog(topology));
        } catch (IOException | RuntimeException e) {
            closeQuietly(publishing);
            scheduler.shutdownNow();
            throw e instanceof TransportException te ? te
                    : new TransportException("cannot open channels on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Connects to the broker, failing within about 10 s when it cannot be reached. */
    public static AmqpTransport connect(BrokerAddress address, Topology topology) {
        return new AmqpTransport(address, topology);
    }

    @Override
    public CompletableFuture<Void> publishTask(String queue, byte[] body, String messageId) {
        String name = declareWorkQueue(queue);
        CompletableFuture<Void> confirmed = tasks.publish(name, messageId, "task", body, Map.of(), null);
        // Someone deleted the queue: declare it again before the caller's next try.
        confirmed.whenComplete((ok, failure) -> {
            if (failure instanceof UnroutableException) {
                declared.remove(name);
                declared.remove(topology.deadLetterQueue(queue));
            }
        });
        return confirmed;
    }

    @Override
    public CompletableFuture<Void> publishRetry(String queue, int attempt, byte[] body, long delayMs,
                                                String messageId) {
        declareWorkQueue(queue);
        QueueSpec spec = QueueSpec.retryQueue(topology, queue, attempt);
        declare(spec);
        return tasks.publish(spec.name(), messageId, "task", body, Map.of(), Long.toString(Math.max(0, delayMs)));
    }

    @Override
    public CompletableFuture<Void> publishDeadLetter(String queue, byte[] body, Map<String, String> reason,
                                                     String messageId) {
        declareWorkQueue(queue);
        return tasks.publish(topology.deadLetterQueue(queue), messageId, "task", body, reason, null);
    }

    @Override
    public DeadLetterQueue deadLetters(String queue) {
        declareWorkQueue(queue);
        return new AmqpDeadLetterQueue(this::newDeadLetterChannel, topology.deadLetterQueue(queue));
    }

    @Override
    public void onFlowControl(FlowListener listener) {
        publishing.addBlockedListener(listener::blocked, listener::unblocked);
    }

    @Override
    public Subscription consumeTasks(String queue, int prefetch, DeliveryHandler handler) {
        declareWorkQueue(queue);
        return new AmqpTaskSubscription(this::newConsumingChannel, List.of(QueueSpec.deadLetterQueue(topology, queue),
                QueueSpec.workQueue(topology, queue)), prefetch, topology.queueType() == Topology.QueueType.QUORUM,
                handler, recovery);
    }

    @Override
    public CompletableFuture<Void> appendEvent(byte[] body) {
        return events.publish(topology.eventLog(), null, "event", body, Map.of(), null);
    }

    @Override
    public Subscription readEvents(long fromEpochMillis, EventHandler handler) {
        return new AmqpEventReader(this::newConsumingChannel, topology.eventLog(), fromEpochMillis, handler, recovery);
    }

    @Override
    public CompletableFuture<Void> appendControl(byte[] body) {
        return events.publish(topology.controlLog(), null, "control", body, Map.of(), null);
    }

    @Override
    public Subscription readControl(long fromEpochMillis, EventHandler handler) {
        return new AmqpEventReader(this::newConsumingChannel, topology.controlLog(), fromEpochMillis, handler, recovery);
    }

    @Override
    public List<QueueInfo> status(List<String> queues) {
        List<QueueInfo> infos = new ArrayList<>();
        for (String queue : queues) {
            infos.add(passive(topology.workQueue(queue)));
            infos.add(passive(topology.deadLetterQueue(queue)));
        }
        return infos;
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
    }

    private String declareWorkQueue(String queue) {
        String name = topology.workQueue(queue);
        if (!declared.contains(name)) {
            declare(QueueSpec.deadLetterQueue(topology, queue));
            declare(QueueSpec.workQueue(topology, queue));
        }
        return name;
    }

    /**
     * Declares on a channel kept open for it, so that automatic recovery can declare the
     * queue again on it after a reconnect; a refused declaration closes that channel, and
     * the next declaration opens another.
     */
    private synchronized void declare(QueueSpec spec) {
        if (declared.contains(spec.name())) {
            return;
        }
        try {
            if (declaring == null || !declaring.isOpen()) {
                declaring = publishing.createChannel();
            }
            spec.declareOn(declaring);
            declared.add(spec.name());
        } catch (IOException e) {
            throw new TransportException("cannot declare queue " + spec.name() + ": " + e.getMessage(), e);
        }
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

    private Channel newDeadLetterChannel() {
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
