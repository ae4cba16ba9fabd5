package io.taskmill.e2e;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Topology;
import io.taskmill.transport.redis.RedisServer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Redis fault suite's own {@code redis-server} (Debian's), never the machine's: one
 * server with its append-only file fsynced at every write, so that a restart, graceful or
 * not, keeps what it confirmed.
 */
final class RedisFaultBroker implements FaultyBroker {

    private final RedisServer server;

    RedisFaultBroker(Path logDir) throws Exception {
        this.server = new RedisServer(logDir);
    }

    @Override
    public String uri() {
        return server.uri();
    }

    /** A dead worker's deliveries are taken over after the reclaim time: 15 s by default. */
    @Override
    public String quickRedelivery() {
        return deliveryTimeout(3);
    }

    @Override
    public Map<Fault, String> cannot() {
        Map<Fault, String> cannot = new EnumMap<>(Fault.class);
        cannot.put(Fault.CUT_OFF, "one server has no others to be cut off from");
        cannot.put(Fault.ALARMS, "Redis has no publisher flow control (a full server refuses writes): its "
                + "transport's capabilities lack FLOW_CONTROL");
        return cannot;
    }

    @Override
    public void gracefulRestart() throws Exception {
        server.gracefulRestart();
    }

    @Override
    public void hardKillAndStart() throws Exception {
        server.hardKillAndStart();
    }

    /** {@code CLIENT KILL TYPE normal}: every client's connection but the one asking. */
    @Override
    public void dropEveryConnection() {
        admin(redis -> redis.sync().clientKill(io.lettuce.core.KillArgs.Builder.typeNormal()));
    }

    @Override
    public String subscriptionName(Topology topology, String queue) {
        return topology.workQueue(queue);
    }

    @Override
    public void deleteWorkQueue(Topology topology, String queue) {
        admin(redis -> redis.sync().del(topology.workQueue(queue)));
    }

    @Override
    public void deleteLog(Topology topology, LogSpec log) {
        admin(redis -> redis.sync().del(topology.log(log)));
    }

    private void admin(Consumer<StatefulRedisConnection<String, String>> action) {
        RedisClient client = RedisClient.create(server.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            action.accept(connection);
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Override
    public String deliveryTimeout(int seconds) {
        return "reclaim-after=" + seconds + "s";
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
