/**
 * RabbitMQ over AMQP 0.9.1 ({@code amqp://}, {@code amqps://}). Work queues are durable
 * quorum queues (classic on request) with a dead-letter queue each; the event log is a
 * RabbitMQ stream, which a coordinator can re-read from a batch's start. Publishing and
 * consuming use separate connections, since a memory alarm blocks publishers only.
 */
package io.taskmill.transport.amqp;
