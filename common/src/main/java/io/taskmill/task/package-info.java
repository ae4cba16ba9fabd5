/**
 * What travels: the task envelope, the batch events (completions and seals), task and batch
 * identities, and the JSON codec that validates every message read from a broker.
 */
package io.taskmill.task;
