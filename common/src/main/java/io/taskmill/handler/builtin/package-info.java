/**
 * The task types every worker has: {@code count} and {@code sha512} (the lecture's two
 * examples), and {@code noop} and {@code sleep} for tests and benchmarks.
 */
package io.taskmill.handler.builtin;
