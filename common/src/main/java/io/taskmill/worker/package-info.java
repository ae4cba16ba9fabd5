/**
 * The worker engine: takes deliveries from a transport, runs their handlers on a pool of
 * threads under each task's time limit, publishes the completion event and only then
 * acknowledges the delivery (late ack). It lives in common so that the CLI's embedded
 * default can run workers in its own process.
 */
package io.taskmill.worker;
