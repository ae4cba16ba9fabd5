/**
 * The coordinator: multiprocessing's {@code JoinableQueue.join()} for a batch. It reads the
 * event log from a little before the batch's creation (from further back if the producer's
 * clock was ahead), counts distinct task ids in a final state, and ends when all of them
 * are final, or when the batch turns out not to exist. Everything it knows comes from the
 * log, so a second join in another process, or after a crash, reaches the same counts.
 */
package io.taskmill.coordinator;
