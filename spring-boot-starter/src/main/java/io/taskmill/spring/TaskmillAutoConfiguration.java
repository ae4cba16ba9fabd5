package io.taskmill.spring;

import io.taskmill.client.ClientOptions;
import io.taskmill.client.Taskmill;
import io.taskmill.handler.TaskHandler;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link Taskmill} client from {@code taskmill.*}, and with {@code taskmill.worker.enabled=true}
 * a worker that runs the application's {@code @TaskType} beans and drains when the context closes.
 */
@AutoConfiguration
@EnableConfigurationProperties(TaskmillProperties.class)
public class TaskmillAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Taskmill taskmill(TaskmillProperties properties) {
        // On mem:// with no worker of the application's own, the client runs the class path's task
        // types in this JVM, as Taskmill.connect does; with one, that worker runs them all.
        int embedded = properties.embeddedBroker() && !properties.worker().enabled()
                ? Runtime.getRuntime().availableProcessors() : 0;
        return Taskmill.connect(new ClientOptions(BrokerAddress.parse(properties.broker()),
                new Topology(properties.prefix()), properties.queue(), embedded, ClientOptions.DEFAULT_TIME_LIMIT));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "taskmill.worker", name = "enabled", havingValue = "true")
    public TaskmillWorkerLifecycle taskmillWorker(TaskmillProperties properties, ObjectProvider<TaskHandler> handlers) {
        return new TaskmillWorkerLifecycle(properties, handlers);
    }
}
