import io.nats.client.Connection;
import io.nats.client.Nats;

/** Lists the JetStream streams of the machine's NATS, for CI's check that tests left none behind. */
public class ListStreams {
    public static void main(String[] args) throws Exception {
        try (Connection connection = Nats.connect("nats://127.0.0.1:4222")) {
            connection.jetStreamManagement().getStreamNames().forEach(System.out::println);
        }
    }
}
