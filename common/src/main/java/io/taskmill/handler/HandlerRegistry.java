package io.taskmill.handler;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The task types a worker can run, found on its class path with {@link ServiceLoader}. */
public final class HandlerRegistry {

    private final Map<String, TaskHandler> handlers;

    private HandlerRegistry(Map<String, TaskHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** The {@link TaskType#maxAttempts()} of a type's handler; 0 when it leaves it to the worker. */
    public int maxAttempts(String type) {
        TaskType annotation = annotationOf(type);
        return annotation == null ? 0 : annotation.maxAttempts();
    }

    /** The {@link TaskType#rate()} of a type's handler, as text; empty when it has none. */
    public String rate(String type) {
        TaskType annotation = annotationOf(type);
        return annotation == null ? "" : annotation.rate();
    }

    private TaskType annotationOf(String type) {
        TaskHandler handler = handlers.get(type);
        return handler == null ? null : handler.getClass().getAnnotation(TaskType.class);
    }

    /**
     * This registry plus one handler registered in code (a lambda, say) rather than found
     * on the class path: for workers embedded in an application.
     *
     * @throws IllegalStateException when the type is taken
     */
    public HandlerRegistry with(String type, TaskHandler handler) {
        if (handlers.containsKey(type)) {
            throw new IllegalStateException("task type '" + type + "' is already registered");
        }
        Map<String, TaskHandler> more = new TreeMap<>(handlers);
        more.put(type, handler);
        return new HandlerRegistry(more);
    }

    /**
     * Loads every handler visible to the class loader.
     *
     * @throws IllegalStateException when a handler lacks {@link TaskType} or two claim one type
     */
    public static HandlerRegistry load(ClassLoader loader) {
        Map<String, TaskHandler> found = new TreeMap<>();
        for (ServiceLoader.Provider<TaskHandler> provider : ServiceLoader.load(TaskHandler.class, loader)
                .stream().toList()) {
            TaskType type = provider.type().getAnnotation(TaskType.class);
            if (type == null || type.value().isBlank()) {
                throw new IllegalStateException("task handler " + provider.type().getName()
                        + " has no @TaskType(\"name\") annotation");
            }
            TaskHandler previous = found.putIfAbsent(type.value(), provider.get());
            if (previous != null) {
                throw new IllegalStateException("task type '" + type.value() + "' is claimed by both "
                        + previous.getClass().getName() + " and " + provider.type().getName());
            }
        }
        return new HandlerRegistry(found);
    }

    public static HandlerRegistry load() {
        return load(HandlerRegistry.class.getClassLoader());
    }

    public Optional<TaskHandler> find(String type) {
        return Optional.ofNullable(handlers.get(type));
    }

    public Set<String> types() {
        return new TreeMap<>(handlers).keySet();
    }
}
