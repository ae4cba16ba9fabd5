/**
 * The client API: connect to a broker, publish batches of tasks, join them. With a
 * {@code mem://} broker and embedded workers the whole pipeline runs in this process.
 */
package io.taskmill.client;
