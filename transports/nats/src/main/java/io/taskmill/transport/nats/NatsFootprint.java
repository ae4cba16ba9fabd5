package io.taskmill.transport.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.taskmill.transport.BrokerObject;
import io.taskmill.transport.Lane;
import io.taskmill.transport.TransportException;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** What a deployment declares on JetStream: streams, all named under its prefix, so the server lists them. */
final class NatsFootprint {

    private NatsFootprint() {
    }

    /** With {@code whole}, every stream under the prefix: the queues not named as well. */
    static List<BrokerObject> existing(JetStreamManagement management, NatsNames names, int partitions,
                                       Collection<String> queues, boolean whole) {
        Set<String> wanted = new HashSet<>();
        for (String queue : queues) {
            IntStream.range(0, partitions).forEach(partition -> Lane.all().forEach(lane ->
                    wanted.add(names.workStream(queue, lane, partition))));
            wanted.add(names.deadStream(queue));
        }
        try {
            return management.getStreamNames().stream()
                    .filter(stream -> wanted.contains(stream) || whole && stream.startsWith(names.streamPrefix()))
                    .sorted().map(stream -> new BrokerObject("stream", stream)).toList();
        } catch (IOException | JetStreamApiException e) {
            throw new TransportException("cannot list the streams: " + e.getMessage(), e);
        }
    }

    static void delete(JetStreamManagement management, List<BrokerObject> objects) {
        for (BrokerObject object : objects) {
            try {
                management.deleteStream(object.name());
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != 10059) {
                    throw new TransportException("cannot delete " + object + ": " + e.getMessage(), e);
                }
                // 10059, stream not found: gone already, as asked.
            } catch (IOException e) {
                throw new TransportException("cannot delete " + object + ": " + e.getMessage(), e);
            }
        }
    }
}
