package io.taskmill.transport.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.DeadLetterQueue;
import io.taskmill.transport.FlowListener;
import io.taskmill.transport.DeliveryHandler;
import io.taskmill.transport.EventHandler;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.Subscription;
import io.taskmill.transport.Topology;
import io.taskmill.transport.TopologyMismatchException;
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
import java.util.concurrent.TimeoutException;

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
    private volatile Connection consuming;
    private Channel declaring;

    private AmqpTransport(BrokerAddress address, Topology topology) {
        this.address = address;
        this.topology = topology;
        this.connector = new AmqpConnector(address);
        this.publishing = connector.connect("publish");
        try {
            this.tasks = new ConfirmingPublisher(publishing.createChannel(), CONFIRM_WINDOW);
            this.events = new ConfirmingPublisher(publishing.createChannel(), CONFIRM_WINDOW);
            declare(QueueSpec.eventLog(topology));
            declare(QueueSpec.controlLog(topology));
        } catch (IOException | RuntimeException e) {
            closeQuietly(publishing);
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
        return new AmqpDeadLetterQueue(this::newConsumingChannel, topology.deadLetterQueue(queue));
    }

    @Override
    public void onFlowControl(FlowListener listener) {
        publishing.addBlockedListener(listener::blocked, listener::unblocked);
    }

    @Override
    public Subscription consumeTasks(String queue, int prefetch, DeliveryHandler handler) {
        String name = declareWorkQueue(queue);
        return new AmqpTaskSubscription(newConsumingChannel(), name, prefetch,
                topology.queueType() == Topology.QueueType.QUORUM, handler);
    }

    @Override
    public CompletableFuture<Void> appendEvent(byte[] body) {
        return events.publish(topology.eventLog(), null, "event", body, Map.of(), null);
    }

    @Override
    public Subscription readEvents(long fromEpochMillis, EventHandler handler) {
        return new AmqpEventReader(newConsumingChannel(), topology.eventLog(), fromEpochMillis, handler);
    }

    @Override
    public CompletableFuture<Void> appendControl(byte[] body) {
        return events.publish(topology.controlLog(), null, "control", body, Map.of(), null);
    }

    @Override
    public Subscription readControl(long fromEpochMillis, EventHandler handler) {
        return new AmqpEventReader(newConsumingChannel(), topology.controlLog(), fromEpochMillis, handler);
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
            declaring.queueDeclare(spec.name(), true, false, false, spec.arguments());
            declared.add(spec.name());
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException signal && isPreconditionFailed(signal)) {
                throw new TopologyMismatchException(spec.name(), replyText(signal));
            }
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

    private Channel newConsumingChannel() {
        try {
            return consumingConnection().createChannel();
        } catch (IOException e) {
            throw new TransportException("cannot open a channel on " + address + ": " + e.getMessage(), e);
        }
    }

    private synchronized Connection consumingConnection() {
        if (consuming == null) {
            consuming = connector.connect("consume");
        }
        return consuming;
    }

    private static boolean isPreconditionFailed(ShutdownSignalException signal) {
        return signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == 406;
    }

    private static String replyText(ShutdownSignalException signal) {
        return signal.getReason() instanceof AMQP.Channel.Close close ? close.getReplyText() : signal.getMessage();
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
