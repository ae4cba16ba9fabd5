/**
 * The benchmark harness: Taskmill measured beside RabbitMQ PerfTest (the broker's ceiling)
 * and the lecture's Python multiprocessing examples, in one run on one machine, every
 * figure reported as a ratio to its reference.
 */
package io.taskmill.bench;
