package io.taskmill.consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/**
 * How the consumer's log lines look: {@code text} (the default, for people) or {@code json}
 * (one object a line, for log pipelines: timestamp, level, logger, message, and the task's
 * id, batch and type from the MDC of every line a handler logs).
 */
enum LogFormat {
    TEXT,
    JSON;

    /** Switches the console appender of logback.xml to this format; text is what it already is. */
    void apply() {
        if (this == TEXT) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (!(root.getAppender("STDOUT") instanceof OutputStreamAppender<ILoggingEvent> console)) {
            throw new IllegalStateException("--log-format json needs the console appender STDOUT of logback.xml");
        }
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // The message as written, not its pattern and arguments; no logback bookkeeping.
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        console.stop();
        console.setEncoder(encoder);
        console.start();
    }
}
