package io.taskmill.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging, set up in code: it speaks through its own one-line messages, and
 * library chatter stays out of the way (warnings and worse on stderr, the RabbitMQ client's
 * only when they are errors; {@code TASKMILL_LOG_LEVEL} says otherwise). A command lives for
 * seconds, and reading the same from XML took a tenth of its start-up. A configuration
 * named by {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} or
 * {@code logback.xml} on the class path (a test's, an application's that embeds the CLI),
 * still wins, as it would over logback's defaults.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {

    private static final String PATTERN = "taskmill: %level %logger{0}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader classes = CliLogging.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || classes.getResource("logback-test.xml") != null
                || classes.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, System.getenv("TASKMILL_LOG_LEVEL"));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** @param level the root's level by name, or null (or not a level) for warnings */
    static void configure(LoggerContext context, String level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.WARN));
        root.addAppender(stderr);
        context.getLogger("com.rabbitmq").setLevel(Level.ERROR);
        // The Redis client warns of each reply it drops for a connection it gave up on; the transport says what matters.
        context.getLogger("io.lettuce").setLevel(Level.ERROR);
    }
}
