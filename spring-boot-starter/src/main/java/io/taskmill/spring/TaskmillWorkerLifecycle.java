package io.taskmill.spring;

import io.taskmill.client.TaskmillWorker;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.annotation.AnnotationUtils;

/**
 * The application's worker, started with the context and stopped before its beans go: on
 * close it takes no more tasks, lets running ones finish within
 * {@code taskmill.worker.drain-timeout} and acks them; what did not finish goes back to the
 * queue for another worker.
 */
public class TaskmillWorkerLifecycle implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskmillWorkerLifecycle.class);

    private final TaskmillProperties properties;
    private final ObjectProvider<TaskHandler> handlers;
    private volatile TaskmillWorker worker;

    public TaskmillWorkerLifecycle(TaskmillProperties properties, ObjectProvider<TaskHandler> handlers) {
        this.properties = properties;
        this.handlers = handlers;
    }

    @Override
    public void start() {
        TaskmillProperties.Worker settings = properties.worker();
        TaskmillWorker.Builder builder = TaskmillWorker.on(properties.broker()).prefix(properties.prefix())
                .queue(properties.queue()).prefetch(settings.prefetch()).drainTimeout(settings.drainTimeout())
                .leaseAfter(settings.leaseAfter());
        if (settings.concurrency() > 0) {
            builder.concurrency(settings.concurrency());
        }
        handlers.orderedStream().forEach(handler -> builder.handler(typeOf(handler), handler));
        worker = builder.start();
        LOG.info("started Taskmill worker on {} queue {}: task types {}", worker.describe(), properties.queue(),
                worker.taskTypes());
    }

    /** The bean's {@link TaskType}, looked up through proxies; a handler bean without one is a mistake. */
    private static String typeOf(TaskHandler handler) {
        TaskType type = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(handler), TaskType.class);
        if (type == null || type.value().isBlank()) {
            throw new IllegalStateException("task handler bean " + AopUtils.getTargetClass(handler).getName()
                    + " has no @TaskType(\"name\") annotation");
        }
        return type.value();
    }

    @Override
    public void stop() {
        TaskmillWorker running = worker;
        if (running == null) {
            return;
        }
        boolean drained = false;
        try {
            drained = running.drain();
        } finally {
            running.close();
            LOG.info("stopped Taskmill worker after {} tasks{}", running.completed(),
                    drained ? "" : "; tasks still running were handed back for redelivery");
        }
    }

    @Override
    public boolean isRunning() {
        TaskmillWorker running = worker;
        return running != null && running.running();
    }

    /** The worker, for health checks; null before the context started it. */
    public TaskmillWorker worker() {
        return worker;
    }
}
