package io.taskmill.transport.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PurgeOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.SequenceInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerObject;
import io.taskmill.transport.LogRetention;
import io.taskmill.transport.Lane;
import io.taskmill.transport.LogSpec;
import io.taskmill.transport.Logs;
import io.taskmill.transport.TlsFiles;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.Capabilities;
import io.taskmill.transport.Capability;
import io.taskmill.transport.Continuations;
import io.taskmill.transport.EventLog;
import io.taskmill.transport.EventPartitions;
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
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transport} on NATS JetStream: per work queue a work-queue stream with one durable
 * pull consumer shared by the fleet and a dead-letter stream; the event and control logs
 * are limits streams read from a start time by ordered consumers. One connection, which
 * the client reconnects by itself.
 */
public final class NatsTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(NatsTransport.class);

    private final BrokerAddress address;
    private final Topology topology;
    private final NatsOptions options;
    private final NatsNames names;
    private final Connection connection;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ScheduledExecutorService timer;
    /** Where publishes are confirmed: not the client's thread that reads the answers (see {@link Continuations}). */
    private final Continuations continuations = new Continuations("taskmill-nats-confirms");
    private final NatsPublisher publisher = new NatsPublisher(this);
    private final RecoveryPolicy recovery;
    /** Copies of every stream: the URI's {@code replicas}, or the cluster's size up to 3. */
    private final int replicas;
    /**
     * A server restarting under load may leave the first fresh session as mute as the old one;
     * every 10 s at most, so that it takes seconds, not minutes, to get one that answers.
     */
    private static final long FORCED_RECONNECT_EVERY_MS = 10_000;
    /** How long a stream look-up is asked again while JetStream does not answer. */
    static final Duration API_PATIENCE = Duration.ofSeconds(30);

    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private final Set<NatsLogReader> readers = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong lastForcedReconnect = new java.util.concurrent.atomic.AtomicLong();
    private final WorkQueueViews workQueues;
    private final Map<String, EventLog> logs = new ConcurrentHashMap<>();

    private NatsTransport(BrokerAddress address, Topology topology) {
        this.address = address;
        this.topology = topology;
        this.options = NatsOptions.of(address);
        this.names = new NatsNames(topology);
        this.workQueues = new WorkQueueViews(options.partitions(),
                (name, lane, partition) -> new NatsWorkQueue(name, lane, partition, this));
        this.connection = connect(address, options, new NatsClientLog(this::heartbeatMissed), this::connectionEvent);
        try {
            this.jetStream = connection.jetStream();
            this.management = connection.jetStreamManagement();
        } catch (IOException e) {
            closeQuietly(connection);
            throw new BrokerUnavailableException("NATS at " + address + " has no JetStream: start the server with -js", e);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskmill-nats-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.recovery = RecoveryPolicy.of(options.recoveryTimeout(), Clock.systemUTC(), timer);
        try {
            this.replicas = replicas(address, options, clusterSize(connection));
            Logs.everyProcess(options.eventPartitions()).forEach(this::log);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The servers of the cluster as the server tells clients (its {@code connect_urls}, which
     * name every server of a cluster, itself included; none when it runs alone).
     */
    private static int clusterSize(Connection connection) {
        List<String> urls = connection.getServerInfo().getConnectURLs();
        return Math.max(1, urls == null ? 0 : urls.size());
    }

    /** @throws IllegalArgumentException for more copies than servers, in one line */
    private static int replicas(BrokerAddress address, NatsOptions options, int servers) {
        if (options.replicas().isEmpty()) {
            return Math.min(3, servers);
        }
        int asked = options.replicas().getAsInt();
        if (asked > servers) {
            throw new IllegalArgumentException("bad broker URI " + address + ": replicas=" + asked + " asks for more "
                    + "copies than the NATS cluster has servers (" + servers + ")");
        }
        return asked;
    }

    /** Connects, failing within about 10 s when the server cannot be reached. */
    public static NatsTransport connect(BrokerAddress address, Topology topology) {
        return new NatsTransport(address, topology);
    }

    private static Connection connect(BrokerAddress address, NatsOptions options, NatsClientLog errors,
                                      ConnectionListener events) {
        Options.Builder builder = new Options.Builder()
                .servers(address.hosts().stream().map(host -> address.scheme() + "://" + host.name() + ":"
                        + (host.port() > 0 ? host.port() : 4222)).toArray(String[]::new))
                .connectionName("taskmill")
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(500))
                .errorListener(errors)
                .connectionListener(events)
                .noRandomize();
        if (NatsOptions.TLS_SCHEME.equals(address.scheme())) {
            // The client would otherwise connect to the address a name resolves to, and check the certificate
            // against that address instead of the name.
            builder.sslContext(HostCheckingTls.wrap(options.tls().context())).noResolveHostnames();
        }
        if (address.user() != null) {
            String info = address.uri().getUserInfo();
            int colon = info.indexOf(':');
            builder.userInfo(address.user(), colon < 0 ? "" : info.substring(colon + 1));
        }
        try {
            return Nats.connect(builder.build());
        } catch (IOException e) {
            Optional<String> tls = TlsFiles.handshakeProblem("NATS", address, e)
                    .or(() -> TlsFiles.handshakeProblem("NATS", address, errors.lastException()));
            if (tls.isPresent()) {
                throw new BrokerUnavailableException(tls.get(), e);
            }
            if (NatsOptions.TLS_SCHEME.equals(address.scheme()) && options.tls().cert() == null
                    && errors.lastException() instanceof java.util.concurrent.TimeoutException) {
                // What the client sees of a server that requires a client certificate: a handshake that never ends.
                throw new BrokerUnavailableException("the TLS handshake with NATS at " + address + " did not finish "
                        + "within 10 s: if the server requires client certificates, give ?tls-cert=FILE&tls-key=FILE",
                        e);
            }
            throw new BrokerUnavailableException("cannot reach NATS at " + address + " (" + e.getMessage()
                    + "): is the server running and the URI right?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while connecting to NATS at " + address, e);
        } catch (SecurityException e) {
            throw new BrokerUnavailableException("NATS at " + address + " refused the login: check the user and "
                    + "password in the URI", e);
        }
    }

    /** A limits stream; JetStream takes no limit as 0 for an age and -1 for a size. */
    private StreamConfiguration logStream(LogSpec spec) {
        LogRetention retention = spec.retentionUnder(options.logRetention());
        return StreamConfiguration.builder().name(names.logStream(spec)).subjects(names.logSubject(spec))
                .retentionPolicy(io.nats.client.api.RetentionPolicy.Limits)
                .storageType(io.nats.client.api.StorageType.File)
                .maxAge(retention.maxAge().orElse(Duration.ZERO))
                .maxBytes(retention.maxBytes().orElse(-1))
                .build();
    }

    /**
     * Creates a stream once per transport, with this transport's copies; one that exists keeps
     * its subjects and retention (other ones are refused), and takes the URI's limits and copies.
     */
    void declare(StreamConfiguration wanted) {
        if (declared.contains(wanted.getName())) {
            return;
        }
        StreamConfiguration config = StreamConfiguration.builder(wanted).replicas(replicas).build();
        try {
            Optional<StreamInfo> existing = existing(config.getName());
            if (existing.isEmpty()) {
                try {
                    management.addStream(config);
                } catch (JetStreamApiException | IOException added) {
                    // Another process made it between the look-up and this create (NATS 2.9 then says the subjects
                    // overlap with an existing stream): the stream is there, and is taken as any existing one.
                    existing = existing(config.getName());
                    if (existing.isEmpty()) {
                        throw new TransportException("cannot create stream " + config.getName() + ": "
                                + added.getMessage(), added);
                    }
                }
            }
            if (existing.isPresent()) {
                adopt(existing.get().getConfiguration(), config);
            }
        } catch (JetStreamApiException | IOException e) {
            throw new TransportException("cannot look up stream " + config.getName() + ": " + e.getMessage(), e);
        }
        declared.add(config.getName());
    }

    /** The stream's info, or none when JetStream has no stream of that name. */
    private Optional<StreamInfo> existing(String stream) throws JetStreamApiException, IOException {
        try {
            return Optional.of(streamInfo(stream));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * A stream that exists keeps its subjects and retention (other ones are refused), and takes the
     * URI's limits and copies.
     */
    private void adopt(StreamConfiguration existing, StreamConfiguration config)
            throws JetStreamApiException, IOException {
        if (!existing.getSubjects().equals(config.getSubjects())
                || existing.getRetentionPolicy() != config.getRetentionPolicy()) {
            throw new TopologyMismatchException(config.getName(), "subjects " + existing.getSubjects()
                    + ", retention " + existing.getRetentionPolicy());
        }
        // Copies only when the URI names them: by default they follow the servers up now, and a process
        // started while one is down would take a copy from every stream of the deployment.
        int copies = options.replicas().isPresent() ? config.getReplicas() : existing.getReplicas();
        if (copies != config.getReplicas()) {
            LOG.warn("stream {} has {} copies where {} would be made now; ?replicas={} in the broker URI "
                    + "changes them", config.getName(), copies, config.getReplicas(), config.getReplicas());
        }
        if (!existing.getMaxAge().equals(config.getMaxAge()) || existing.getMaxBytes() != config.getMaxBytes()
                || existing.getReplicas() != copies) {
            // Unlike RabbitMQ, JetStream changes a stream's limits and copies in place: the URI's hold.
            management.updateStream(StreamConfiguration.builder(existing)
                    .maxAge(config.getMaxAge()).maxBytes(config.getMaxBytes()).replicas(copies).build());
        }
    }

    /** A JetStream API request, which may get no answer while a server is away. */
    @FunctionalInterface
    interface Request<T> {
        T ask() throws JetStreamApiException, IOException;
    }

    /**
     * A request asked again while JetStream gives no answer, for up to {@link #API_PATIENCE}:
     * a cluster that lost a node takes a few seconds to elect new leaders, and a client whose
     * link dropped takes a few to come back; a command started meanwhile (a {@code dlq list}
     * right after a server's kill -9, a unique-key claim made while the link was down) failed
     * on the one request it made.
     */
    <T> T answered(String what, Request<T> request) throws JetStreamApiException, IOException {
        long since = recovery.clock().millis();
        for (int attempt = 1; ; attempt++) {
            try {
                return request.ask();
            } catch (IOException e) {
                long wait = recovery.backoff().apply(attempt);
                if (recovery.clock().millis() - since + wait > API_PATIENCE.toMillis()) {
                    throw e;
                }
                LOG.debug("no answer about {} yet: {}", what, e.getMessage());
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** A stream's info, asked again while JetStream gives no answer (see {@link #answered}). */
    StreamInfo streamInfo(String stream) throws JetStreamApiException, IOException {
        return answered("stream " + stream, () -> management.getStreamInfo(stream));
    }

    /**
     * A publish or a request was not answered in time although the client says it is
     * connected: seen after a server was killed or restarted, when the client's reconnected
     * session never got another answer. A fresh session (at most one per 10 s) mends it.
     */
    void unanswered(Throwable failure) {
        if (!unansweredRequest(failure) || !connected()) {
            return;
        }
        long now = System.currentTimeMillis();
        long last = lastForcedReconnect.get();
        if (now - last < FORCED_RECONNECT_EVERY_MS || !lastForcedReconnect.compareAndSet(last, now)) {
            return;
        }
        LOG.warn("NATS at {} answers no request on this session; reconnecting", address);
        timer.execute(() -> {
            try {
                connection.forceReconnect();
            } catch (IOException | RuntimeException e) {
                LOG.warn("reconnecting to NATS at {} failed: {}", address, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The client says so only in words: a cancelled publish future, or a request's timeout. */
    private static boolean unansweredRequest(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.CancellationException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof IOException && String.valueOf(cause.getMessage()).startsWith("Timeout or no response")) {
                return true;
            }
        }
        return false;
    }

    /** Readers follow their log until closed or failed. */
    NatsLogReader follow(NatsLogReader reader) {
        readers.add(reader);
        return reader;
    }

    void readerGone(NatsLogReader reader) {
        readers.remove(reader);
    }

    /**
     * A disconnected reader is recovering, and its recovery timeout runs. After a reconnect
     * the server may be a restarted one, whose ephemeral consumers are gone and whose
     * streams may have lost their last entries: every reader reads again.
     */
    private void connectionEvent(Connection connection, ConnectionListener.Events event) {
        if (event == ConnectionListener.Events.DISCONNECTED || event == ConnectionListener.Events.RECONNECTED) {
            readers.forEach(reader -> reader.lost(event.getEvent()));
        }
    }

    private void heartbeatMissed(JetStreamSubscription subscription) {
        readers.stream().filter(reader -> reader.owns(subscription)).forEach(reader -> reader.lost("no heartbeat"));
    }

    /** The stream's last sequence now, asked once (a reader recovering has its own patience); 0 when it is empty. */
    long lastSequence(String stream) {
        try {
            return management.getStreamInfo(stream).getStreamState().getLastSequence();
        } catch (JetStreamApiException | IOException e) {
            throw new TransportException("cannot ask NATS about " + stream + ": " + e.getMessage(), e);
        }
    }

    /** Declared again on next use: someone deleted it. */
    void forget(String stream) {
        declared.remove(stream);
    }

    @Override
    public WorkQueue workQueue(String name) {
        return workQueue(name, Lane.DEFAULT);
    }

    /** A stream of its own a lane and partition, as RabbitMQ has a queue. */
    @Override
    public WorkQueue workQueue(String name, Lane lane) {
        return workQueues.of(name, lane);
    }

    /** Declared on first use, and again before an append after someone deleted it (see {@link NatsEventLog}). */
    @Override
    public EventPartitions eventPartitions() {
        return options.eventPartitions();
    }

    @Override
    public EventLog log(LogSpec spec) {
        return logs.computeIfAbsent(spec.name(), name -> {
            StreamConfiguration stream = logStream(spec);
            declare(stream);
            return new NatsEventLog(this, stream);
        });
    }

    @Override
    public List<BrokerObject> footprint(Collection<String> queues, boolean whole) {
        return NatsFootprint.existing(management, names, options.partitions().count(), queues, whole);
    }

    @Override
    public void delete(List<BrokerObject> objects) {
        NatsFootprint.delete(management, objects);
        // What was deleted would not be declared again by this transport, which believes it there.
        objects.forEach(object -> forget(object.name()));
        workQueues.clear();
        logs.clear();
    }

    @Override
    public QueueStatistics statistics() {
        return QueueStatistics.eachQueue(queue -> List.of(
                QueueInfo.acrossPartitions(IntStream.range(0, options.partitions().count()).mapToObj(partition ->
                        QueueInfo.acrossLanes(Lane.all().stream().map(lane -> info(topology.workQueue(queue),
                                names.workStream(queue, lane, partition), names.workers(queue, lane, partition)))
                                .toList())).toList()),
                info(topology.deadLetterQueue(queue), names.deadStream(queue), null)));
    }

    /**
     * Depth of a stream, and for a work queue the pull requests waiting on it now: its idle
     * consumers. A work queue's depth is what its consumer has still to deliver or to see
     * acked (JetStream does not tell a nak'd message waiting for its redelivery from one a worker
     * holds, so both count, unlike RabbitMQ's and Redis's ready messages): a server killed with -9 can keep messages below the consumer's ack floor, which no
     * worker will ever get, until {@link #dropAcked} removes them.
     */
    private QueueInfo info(String name, String stream, String consumer) {
        try {
            long messages = management.getStreamInfo(stream).getStreamState().getMsgCount();
            int consumers = 0;
            if (consumer != null) {
                try {
                    ConsumerInfo info = management.getConsumerInfo(stream, consumer);
                    consumers = (int) info.getNumWaiting();
                    messages = Math.min(messages, info.getNumPending() + info.getNumAckPending());
                } catch (JetStreamApiException e) {
                    consumers = 0;
                }
            }
            // Retries wait in the work stream itself until due, counted among its messages.
            return new QueueInfo(name, true, messages, consumers, consumer == null ? 0 : QueueInfo.UNKNOWN);
        } catch (JetStreamApiException e) {
            return new QueueInfo(name, false, 0, 0);
        } catch (IOException e) {
            throw new TransportException("cannot ask NATS about " + stream + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes what a work stream holds below its consumer's ack floor: every message there was
     * acked, and work-queue retention deletes acked messages, but a server killed with -9 can
     * keep some, which status would count and no worker will ever get.
     */
    void dropAcked(String stream, String consumer) {
        try {
            SequenceInfo floor = management.getConsumerInfo(stream, consumer).getAckFloor();
            long first = management.getStreamInfo(stream).getStreamState().getFirstSequence();
            if (floor != null && floor.getStreamSequence() >= first && first > 0) {
                long dropped = management.purgeStream(stream, PurgeOptions.builder()
                        .sequence(floor.getStreamSequence() + 1).build()).getPurged();
                if (dropped > 0) {
                    LOG.info("removed {} acked messages that {} still held below its consumer's ack floor", dropped,
                            stream);
                }
            }
        } catch (JetStreamApiException | IOException e) {
            LOG.debug("cannot look below the ack floor of {}: {}", stream, e.getMessage());
        }
    }

    /**
     * The server holds a nak's delay, so retries need no thread here; dead letters are a
     * stream of their own, and a lane a stream of its own. NATS has no publisher flow control; its message size limit is the
     * server's {@code max_payload}. A delivery is renewed while its task runs, but a worker
     * that stalls past the ack wait (a long pause) loses it to another without knowing: its
     * workers lease long tasks, as RabbitMQ's do, so that the stalled one's late report is
     * recognised and ignored.
     */
    @Override
    public Capabilities capabilities() {
        return new Capabilities(EnumSet.of(Capability.COUNTS_DELIVERIES, Capability.BROKER_SIDE_DELAY,
                Capability.DEAD_LETTER_QUEUE, Capability.REREADABLE_LOG, Capability.SHARED_ACROSS_PROCESSES,
                Capability.LANES),
                OptionalInt.of(options.deliveryLimit()),
                (int) Math.min(Integer.MAX_VALUE, connection.getServerInfo().getMaxPayload()));
    }

    @Override
    public boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public String describe() {
        return address.toString();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        closeQuietly(connection);
        continuations.close();
    }

    NatsOptions options() {
        return options;
    }

    NatsNames names() {
        return names;
    }

    Connection connection() {
        return connection;
    }

    JetStream jetStream() {
        return jetStream;
    }

    NatsPublisher publisher() {
        return publisher;
    }

    JetStreamManagement management() {
        return management;
    }

    Executor continuations() {
        return continuations::run;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    RecoveryPolicy recovery() {
        return recovery;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("closing the NATS connection: {}", e.toString());
        }
    }
}
