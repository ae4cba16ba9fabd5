/** The worker process: flags and environment, connection, the engine, and a graceful stop on SIGTERM. */
package io.taskmill.consumer;
