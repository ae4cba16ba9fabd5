/**
 * The task-handler SPI: one {@link io.taskmill.handler.TaskHandler} per task type, named by
 * {@link io.taskmill.handler.TaskType} and found with {@link java.util.ServiceLoader}, so a
 * new type is a jar on the consumer's classpath. Built-in types are in {@code builtin}.
 */
package io.taskmill.handler;
