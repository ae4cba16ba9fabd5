package io.taskmill.e2e;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;
import io.taskmill.transport.nats.NatsServer;
import io.taskmill.transport.nats.NatsTestBroker;
import java.nio.file.Path;
import java.util.Map;

/** The NATS fault suite's own {@code nats-server} process (Debian's), never the machine's. */
final class NatsFaultBroker implements FaultyBroker {

    private final NatsServer server;

    NatsFaultBroker(Path logDir) throws Exception {
        this.server = new NatsServer(logDir);
    }

    @Override
    public String uri() {
        return server.uri();
    }

    /** JetStream redelivers what a dead worker held once the ack wait passes: 30 s by default. */
    @Override
    public String quickRedelivery() {
        return deliveryTimeout(3);
    }

    @Override
    public Map<Fault, String> cannot() {
        return Map.of(Fault.DROP_CONNECTIONS, "nats-server 2.9 has no command that drops its clients and stays up "
                        + "(kick came with 2.10)",
                Fault.ALARMS, "NATS has no publisher flow control: its transport's capabilities lack FLOW_CONTROL");
    }

    @Override
    public void gracefulRestart() throws Exception {
        server.gracefulRestart();
    }

    @Override
    public void hardKillAndStart() throws Exception {
        server.hardKillAndStart();
    }

    @Override
    public void dropEveryConnection() {
        throw new UnsupportedOperationException(cannot().get(Fault.DROP_CONNECTIONS));
    }

    @Override
    public String subscriptionName(Topology topology, String queue) {
        return NatsTestBroker.workStream(topology, queue);
    }

    @Override
    public void deleteWorkQueue(Topology topology, String queue) throws Exception {
        deleteStream(NatsTestBroker.workStream(topology, queue));
    }

    @Override
    public void deleteLog(Topology topology, LogSpec log) throws Exception {
        deleteStream(NatsTestBroker.logStream(topology, log));
    }

    private void deleteStream(String stream) throws Exception {
        try (Connection connection = Nats.connect(server.uri())) {
            connection.jetStreamManagement().deleteStream(stream);
        }
    }

    @Override
    public void raise(Alarm alarm) {
        throw new UnsupportedOperationException(cannot().get(Fault.ALARMS));
    }

    @Override
    public void clear(Alarm alarm) {
        throw new UnsupportedOperationException(cannot().get(Fault.ALARMS));
    }

    @Override
    public String deliveryTimeout(int seconds) {
        return "ack-wait=" + seconds + "s";
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
