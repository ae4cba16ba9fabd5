package io.taskmill.handler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The task type a {@link TaskHandler} serves, as named in {@code taskmill submit --type}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TaskType {

    String value();

    /** Executions before a failing task of this type is dead-lettered; 0 for the worker's default (3). */
    int maxAttempts() default 0;

    /**
     * Starts of this type allowed across the fleet: {@code 100/s}, {@code 30/m}, {@code 500/h};
     * empty for no limit. A consumer's {@code --rate} for the type replaces it.
     */
    String rate() default "";
}
