package io.taskmill.spring;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** With actuator on the class path, {@code /actuator/health} includes the application's worker. */
@AutoConfiguration(after = TaskmillAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(TaskmillWorkerLifecycle.class)
public class TaskmillHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "taskmillHealthIndicator")
    public HealthIndicator taskmillHealthIndicator(TaskmillWorkerLifecycle lifecycle) {
        return new TaskmillHealthIndicator(lifecycle);
    }
}
