/**
 * The coordinator: multiprocessing's {@code JoinableQueue.join()} for a batch. It reads the
 * event log from the batch's start, counts distinct task ids in a final state, and ends
 * when all of them are final. Everything it knows comes from the log, so a second join
 * in another process, or after a crash, reaches the same counts.
 */
package io.taskmill.coordinator;
