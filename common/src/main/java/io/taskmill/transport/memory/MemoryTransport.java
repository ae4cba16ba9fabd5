package io.taskmill.transport.memory;

import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Capabilities;
import io.taskmill.transport.Capability;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.QueueStatistics;
import io.taskmill.transport.QueueInfo;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.WorkQueue;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;

/** {@link Transport} over a {@link MemoryBroker} in this JVM. Publishes are "confirmed" at once. */
public final class MemoryTransport implements Transport {

    private final MemoryBroker broker;
    private final Topology topology;
    private final String name;

    private MemoryTransport(MemoryBroker broker, Topology topology, String name) {
        this.broker = broker;
        this.topology = topology;
        this.name = name;
    }

    /** Opens {@code mem://name}; the same name in the same JVM is the same broker. */
    public static MemoryTransport open(BrokerAddress address, Topology topology) {
        String host = address.uri().getHost() != null ? address.uri().getHost() : address.uri().getSchemeSpecificPart();
        String name = host == null || host.isBlank() ? "default" : host.replaceAll("^/+", "");
        return new MemoryTransport(MemoryBroker.named(name), topology, name);
    }

    /** Everything lives and dies with this process: nothing is shared, nothing is limited. */
    private static final Capabilities CAPABILITIES = new Capabilities(EnumSet.of(Capability.COUNTS_DELIVERIES,
            Capability.DEAD_LETTER_QUEUE, Capability.REREADABLE_LOG, Capability.LANES,
            Capability.HOLDS_LONG_DELIVERIES), OptionalInt.empty(),
            Integer.MAX_VALUE);

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public WorkQueue workQueue(String name) {
        return workQueue(name, Lane.DEFAULT);
    }

    @Override
    public WorkQueue workQueue(String name, Lane lane) {
        MemoryQueue dead = broker.queue(topology.deadLetterQueue(name));
        return new MemoryWorkQueue(broker, broker.queue(topology.workQueue(name, lane)), dead);
    }

    @Override
    public EventLog log(LogSpec spec) {
        return broker.log(spec);
    }

    @Override
    public QueueStatistics statistics() {
        return QueueStatistics.eachQueue(queue -> List.of(QueueInfo.acrossLanes(Lane.all().stream()
                .map(lane -> info(topology.workQueue(queue, lane))).toList()), info(topology.deadLetterQueue(queue))));
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public String describe() {
        return "mem://" + name;
    }

    @Override
    public void close() {
        // The broker outlives its connections, as a real one does.
    }

    private QueueInfo info(String fullName) {
        MemoryQueue queue = broker.existingQueue(fullName);
        return queue == null ? new QueueInfo(fullName, false, 0, 0)
                : new QueueInfo(fullName, true, queue.depth(), queue.consumerCount(), queue.delayed());
    }
}
