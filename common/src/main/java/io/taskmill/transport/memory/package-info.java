/**
 * The in-JVM transport ({@code mem://name}): the embedded default of the CLI and the
 * broker of unit tests. It keeps the semantics that matter to Taskmill (prefetch, manual
 * ack, redelivery of unsettled messages, dead-lettering, a re-readable event log) but
 * nothing survives the JVM.
 */
package io.taskmill.transport.memory;
