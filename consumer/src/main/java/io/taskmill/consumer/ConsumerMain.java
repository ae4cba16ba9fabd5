package io.taskmill.consumer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskmill.fleet.WorkerHeartbeat;
import io.taskmill.metrics.TaskMetrics;
import io.taskmill.handler.HandlerRegistry;
import io.taskmill.task.TaskCodec;
import io.taskmill.security.MessageSigning;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.BrokerUnavailableException;
import io.taskmill.transport.Topology;
import io.taskmill.transport.Transport;
import io.taskmill.transport.TransportException;
import io.taskmill.transport.Transports;
import io.taskmill.task.TaskId;
import io.taskmill.client.ClientOptions;
import io.taskmill.config.BrokerCredentials;
import io.taskmill.handler.FileAccess;
import io.taskmill.client.TaskmillClient;
import io.taskmill.schedule.Scheduler;
import io.taskmill.worker.RateLimit;
import io.taskmill.worker.WorkerBuilder;
import io.taskmill.worker.WorkerConfig;
import io.taskmill.worker.WorkerEngine;
import io.taskmill.worker.WorkerId;
import io.taskmill.worker.WorkerListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code taskmill-consumer}: one worker process of the fleet. Start as many as there are
 * machines and cores; each takes tasks from the queue until it is told to stop.
 */
@Command(name = "taskmill-consumer", mixinStandardHelpOptions = true, version = "taskmill-consumer 0.1.0",
        description = "Run Taskmill tasks from a queue until SIGTERM; every option defaults from TASKMILL_*.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:drained after SIGTERM or SIGINT: running tasks finished, the rest handed back",
                "64:bad options", "69:the broker is unreachable at start, or a subscription could not be made again "
                + "within the recovery timeout (its tasks are redelivered; restart it)", "70:an internal error",
                "75:a handler would not stop within --hung-grace (its tasks are redelivered; restart it)"},
        footerHeading = "%nExamples:%n",
        footer = {"  taskmill-consumer --broker amqp://guest@localhost:5672 --concurrency 4",
                "  TASKMILL_BROKER=nats://localhost:4222 taskmill-consumer --plugins /opt/taskmill/plugins",
                "  taskmill-consumer --scheduler --http-port 8081    # fires schedules; /health and /metrics"})
public final class ConsumerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("taskmill.consumer");
    /** EX_TEMPFAIL: a handler would not stop; restart the process. */
    static final int EXIT_WEDGED = 75;
    /** EX_UNAVAILABLE: the broker would not let this worker subscribe again; restart the process. */
    static final int EXIT_LOST = 69;

    @Option(names = "--broker", paramLabel = "URI",
            defaultValue = "${env:TASKMILL_BROKER:-amqp://guest:guest@localhost:5672}",
            description = "Broker URI (env TASKMILL_BROKER; default: amqp://guest:***@localhost:5672). A password "
                    + "written here shows in ps: give it with --broker-password-file or TASKMILL_BROKER_PASSWORD.")
    String broker;

    @Option(names = "--broker-password-file", paramLabel = "FILE",
            defaultValue = "${env:TASKMILL_BROKER_PASSWORD_FILE}",
            description = "A file whose first line is the broker password, for the user the URI names "
                    + "(env TASKMILL_BROKER_PASSWORD_FILE; or the password itself in TASKMILL_BROKER_PASSWORD).")
    Path passwordFile;

    @Spec
    CommandSpec spec;

    @Option(names = "--queue", paramLabel = "NAME", defaultValue = "${env:TASKMILL_QUEUE:-default}",
            description = "Work queue under the prefix (env TASKMILL_QUEUE; default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:TASKMILL_PREFIX:-taskmill}",
            description = "Queue namespace (env TASKMILL_PREFIX; default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "${env:TASKMILL_CONCURRENCY:-0}",
            description = "Handler threads (env TASKMILL_CONCURRENCY; default: one per core).")
    int concurrency;

    @Option(names = "--prefetch", paramLabel = "P", defaultValue = "${env:TASKMILL_PREFETCH:-0}",
            description = "Unacknowledged deliveries held, fixed (env TASKMILL_PREFETCH; default: by time, one per thread plus what the threads start within 200 ms, at most 4 x concurrency or 512).")
    int prefetch;

    @Option(names = "--allow-path", paramLabel = "DIR", split = ":", defaultValue = "${env:TASKMILL_ALLOW_PATH}",
            description = "Tasks may open files under DIR only (repeatable), judged after resolving '..' and symbolic "
                    + "links; a path outside fails its task, not retried, as 'forbidden path'. Default: any file this "
                    + "process can read. Env TASKMILL_ALLOW_PATH, directories separated by ':'.")
    List<Path> allowPaths = new ArrayList<>();

    @Option(names = "--signing-key-file", paramLabel = "FILE", defaultValue = "${env:TASKMILL_SIGNING_KEY_FILE}",
            description = "Keys that sign what this worker publishes and check what it reads: one per line, 'ID "
                    + "SECRET' (base64, 32 bytes or more); the first signs, all verify (env TASKMILL_SIGNING_KEY_FILE).")
    Path signingKeyFile;

    @Option(names = "--require-signed", defaultValue = "${env:TASKMILL_REQUIRE_SIGNED:-false}",
            description = "Run only tasks signed with a key of --signing-key-file: dead-letter any other (unsigned, "
                    + "unknown key, altered) with reason 'signature', and ignore unsigned events and schedules "
                    + "(env TASKMILL_REQUIRE_SIGNED).")
    boolean requireSigned;

    @Option(names = "--signed-task-lifetime", paramLabel = "DURATION", converter = DurationOption.class,
            defaultValue = "${env:TASKMILL_SIGNED_TASK_LIFETIME:-7d}",
            description = "With --require-signed, run a task only this long after it was made or became due: a "
                    + "captured signed task sent again later is dead-lettered (error class Expired), not run "
                    + "(env TASKMILL_SIGNED_TASK_LIFETIME; default: ${DEFAULT-VALUE}).")
    Duration signedTaskLifetime;

    @Option(names = "--scheduler", defaultValue = "${env:TASKMILL_SCHEDULER:-false}",
            description = "Also fire the periodic schedules (taskmill schedule add); run it on two or more consumers "
                    + "for failover: each tick is submitted once among them (env TASKMILL_SCHEDULER).")
    boolean scheduler;

    @Option(names = "--rate", paramLabel = "TYPE=N/s", converter = RateOption.class,
            description = "A fleet-wide rate limit for a task type (repeatable; also N/m, N/h), shared with the other live "
                    + "workers of the queue: give every consumer the same. Replaces the handler's @TaskType(rate).")
    List<RateLimit> rates = new ArrayList<>();

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "${env:TASKMILL_DRAIN_TIMEOUT:-60s}",
            converter = DurationOption.class,
            description = "On SIGTERM, how long running tasks may take to finish (env TASKMILL_DRAIN_TIMEOUT; "
                    + "default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = "${env:TASKMILL_PLUGINS}",
            description = "Load task handlers (and worker listeners) from every *.jar in DIR (env TASKMILL_PLUGINS).")
    Path plugins;

    @Option(names = "--health-file", paramLabel = "FILE", defaultValue = "${env:TASKMILL_HEALTH_FILE}",
            description = "Touch FILE every 5 s while connected and running, for container health checks "
                    + "(env TASKMILL_HEALTH_FILE).")
    Path healthFile;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "${env:TASKMILL_MAX_ATTEMPTS:-3}",
            description = "Attempts of a failing task before it is dead-lettered, unless the task or its type says "
                    + "otherwise (env TASKMILL_MAX_ATTEMPTS; default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--hung-grace", paramLabel = "DURATION", defaultValue = "${env:TASKMILL_HUNG_GRACE:-10s}",
            converter = DurationOption.class,
            description = "How long a handler may ignore the interrupt at its time limit before this worker stops "
                    + "with exit code 75 so that its tasks are redelivered (env TASKMILL_HUNG_GRACE; "
                    + "default: ${DEFAULT-VALUE}).")
    Duration hungGrace;

    @Option(names = "--lease-after", paramLabel = "DURATION", defaultValue = "${env:TASKMILL_LEASE_AFTER:-10s}",
            converter = DurationOption.class,
            description = "On RabbitMQ, how long a task runs before this worker leases it and acknowledges its "
                    + "delivery early, so that the broker's consumer_timeout never cuts it off; a third of the "
                    + "shortest consumer_timeout at most (env TASKMILL_LEASE_AFTER; default: ${DEFAULT-VALUE}).")
    Duration leaseAfter;

    @Option(names = "--cancel-look-back", paramLabel = "DURATION",
            defaultValue = "${env:TASKMILL_CANCEL_LOOK_BACK:-24h}", converter = DurationOption.class,
            description = "How far back in the control log a starting worker looks for cancelled batches and for "
                    + "batch callbacks not yet fired (env TASKMILL_CANCEL_LOOK_BACK; default: ${DEFAULT-VALUE}).")
    Duration cancelLookBack;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:TASKMILL_HTTP_PORT:--1}",
            description = "Serve GET /metrics (Prometheus) and /health on this port; 0 picks a free one, "
                    + "the default none (env TASKMILL_HTTP_PORT).")
    int httpPort;

    @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = "${env:TASKMILL_HTTP_HOST:-127.0.0.1}",
            description = "The address --http-port listens on (env TASKMILL_HTTP_HOST; default: ${DEFAULT-VALUE}, "
                    + "0.0.0.0 in a container).")
    String httpHost;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:TASKMILL_LOG_FORMAT:-text}",
            converter = LogFormatOption.class,
            description = "text or json: one JSON object a line, with the task's id, batch and type in every line a "
                    + "handler logs (env TASKMILL_LOG_FORMAT; default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    private volatile int exitCode;
    /** DOWN until the worker has started. */
    private volatile BooleanSupplier healthy = () -> false;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with this program's one-line errors and exit codes (64 bad input, 69 broker, 70 bug). */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ConsumerMain());
        commandLine.setParameterExceptionHandler((e, a) -> {
            String guesses = e instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getSuggestions().isEmpty()
                    ? "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?" : "";
            e.getCommandLine().getErr().println("taskmill-consumer: " + e.getMessage() + guesses + " (see --help)");
            return 64;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("taskmill-consumer: " + e.getMessage());
            return e instanceof BrokerUnavailableException || e instanceof TransportException ? 69
                    : e instanceof IllegalArgumentException || e instanceof IllegalStateException ? 64 : 70;
        });
        return commandLine;
    }

    /** {@code TYPE=N/s}; anything else is a one-line error. */
    static final class RateOption implements CommandLine.ITypeConverter<RateLimit> {
        @Override
        public RateLimit convert(String value) {
            try {
                return RateLimit.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code text} or {@code json}, in any case; anything else is a one-line error. */
    static final class LogFormatOption implements CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            try {
                return LogFormat.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a log format: text or json");
            }
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        logFormat.apply();
        validate();
        int threads = concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        Topology topology = new Topology(prefix);
        if (BrokerCredentials.exposedOnCommandLine(broker, spec.commandLine().getParseResult()
                .hasMatchedOption("--broker"))) {
            LOG.warn(BrokerCredentials.COMMAND_LINE_WARNING);
        }
        BrokerAddress address = BrokerCredentials.resolve(broker, passwordFile, System.getenv());
        MessageSigning signing = MessageSigning.of(signingKeyFile, requireSigned).withTaskLifetime(signedTaskLifetime);
        String queueName = topology.workQueue(queue);
        ClassLoader pluginLoader = PluginDirectory.classLoader(plugins);
        HandlerRegistry handlers = HandlerRegistry.load(pluginLoader);
        for (RateLimit limit : rates) {
            if (!handlers.types().contains(limit.type())) {
                throw new IllegalArgumentException("--rate names task type '" + limit.type()
                        + "', which this worker does not run (it runs " + handlers.types() + ")");
            }
        }
        List<WorkerListener> listeners = new ArrayList<>(ServiceLoader.load(WorkerListener.class, pluginLoader)
                .stream().map(ServiceLoader.Provider::get).toList());
        listeners.add(new WorkerListener() {
            @Override
            public void wedged(TaskId id, long overLimitMs) {
                LOG.error("task {} ignored the interrupt at its time limit for {} ms: stopping this worker so "
                        + "that the broker redelivers its tasks", id, overLimitMs);
                exitCode = EXIT_WEDGED;
                stopRequested.countDown();
            }

            @Override
            public void lost(TransportException reason) {
                LOG.error("stopping this worker, exit code {}, for its supervisor to restart it: {}", EXIT_LOST,
                        reason.getMessage());
                exitCode = EXIT_LOST;
                stopRequested.countDown();
            }
        });
        PrometheusMeterRegistry metrics = httpPort >= 0 ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null;
        if (metrics != null) {
            listeners.add(new TaskMetrics(metrics));
            // What the libraries count in the global registry: the RabbitMQ client's own metrics.
            Metrics.addRegistry(metrics);
        }
        // Before anything connects: a port that is taken is bad input, not a worker that starts and then dies.
        HttpEndpoint http = metrics == null ? null : new HttpEndpoint(httpHost, httpPort, metrics::scrape,
                () -> healthy.getAsBoolean());
        try {
            return run(address, topology, signing, handlers, listeners, threads, queueName, http);
        } finally {
            if (http != null) {
                http.close();
            }
        }
    }

    /** The worker from its connection to its drain, with the HTTP endpoint already serving. */
    private int run(BrokerAddress address, Topology topology, MessageSigning signing, HandlerRegistry handlers,
                    List<WorkerListener> listeners, int threads, String queueName, HttpEndpoint http)
            throws InterruptedException {
        Transport transport = Transports.open(address, topology);
        WorkerListener events = WorkerListener.all(listeners);
        WorkerEngine engine = WorkerBuilder.on(transport, handlers).codec(new TaskCodec(signing)).queue(queue)
                .concurrency(threads).prefetch(prefetch).workerId(WorkerId.ofThisProcess()).maxAttempts(maxAttempts)
                .hungGrace(hungGrace).cancelLookBack(cancelLookBack).rates(rates).files(FileAccess.within(allowPaths))
                .leaseAfter(leaseAfter).listener(events).build();
        WorkerConfig config = engine.config();
        onStopSignals();
        if (scheduler) {
            // From the first heartbeat: a schedule added as this starts is not told that nobody fires it.
            engine.announce(WorkerHeartbeat.SCHEDULER);
        }
        engine.start();
        TaskmillClient schedulerClient = scheduler ? TaskmillClient.connect(ClientOptions.remote(address, topology,
                queue).withSigning(signing)) : null;
        Scheduler schedules = schedulerClient == null ? null : schedulerClient.startScheduler(config.workerId());
        if (schedules != null) {
            schedules.failure().thenAccept(events::lost);
            LOG.info("firing the periodic schedules of {} as one of their schedulers", topology.prefix());
        }
        LOG.info("started worker {} on {} queue {}: concurrency {}, prefetch {}, task types {}", config.workerId(),
                transport.describe(), queueName, config.concurrency(), config.windowByTime() ? "by time, at most "
                        + config.windowCeiling() : config.prefetch(), handlers.types());
        if (!config.files().allowed().isEmpty()) {
            LOG.info("tasks may open files under {} only", config.files().allowed());
        }
        if (signing.signs()) {
            LOG.info("{}: {}", signing.describe(), signing.required() ? "running signed tasks only"
                    : "unsigned tasks run too (--require-signed)");
        }
        healthy = () -> engine.healthy() && transport.connected() && exitCode != EXIT_WEDGED;
        HealthFile health = healthFile == null ? null : new HealthFile(healthFile, healthy);
        if (http != null) {
            LOG.info("serving /metrics and /health on http://{}:{}", httpHost, http.port());
        }
        stopRequested.await();
        LOG.info("stopping worker {}: taking no more tasks, finishing the running ones", config.workerId());
        if (health != null) {
            health.close();
        }
        // SIGTERM: take no more, finish what runs, ack it, and go.
        if (schedules != null) {
            schedules.close();
            schedulerClient.close();
        }
        boolean drained = engine.drain(exitCode == EXIT_WEDGED ? hungGrace : drainTimeout);
        transport.close();
        LOG.info("stopped worker {} after {} tasks ({} retried, {} dead-lettered, {} cancelled){}", config.workerId(),
                engine.completed(), engine.retried(), engine.deadLettered(), engine.skipped(),
                drained ? "" : "; tasks still running were handed back for redelivery");
        return exitCode;
    }

    /** Every number checked before anything connects: a bad value is an error, never a silent default. */
    private void validate() {
        requireAtLeast("--concurrency", concurrency, 0);
        requireAtLeast("--prefetch", prefetch, 0);
        if (httpPort < -1 || httpPort > 65_535) {
            throw new IllegalArgumentException("--http-port must be a port (0 picks a free one), was " + httpPort);
        }
        requireAtLeast("--max-attempts", maxAttempts, 1);
        if (hungGrace.isZero()) {
            throw new IllegalArgumentException("--hung-grace must be more than 0");
        }
        if (leaseAfter.toMillis() < 500) {
            throw new IllegalArgumentException("--lease-after must be 500ms or more, was " + leaseAfter);
        }
    }

    private static void requireAtLeast(String option, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(option + " must be " + least + " or more, was " + value
                    + (least == 0 ? " (0 picks the default)" : ""));
        }
    }

    /**
     * Handles TERM and INT itself rather than through a shutdown hook: the JVM would exit
     * 143 after hooks, and a drained worker should exit 0.
     */
    private void onStopSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stopRequested.countDown());
        }
    }
}
