/**
 * The broker boundary. {@link io.taskmill.transport.Transport} is the SPI every broker
 * implements; {@link io.taskmill.transport.Transports} picks one by URI scheme. The
 * in-JVM implementation lives in {@code memory}, RabbitMQ in {@code amqp}. Adding a broker
 * means adding one subpackage that passes {@code TransportContractTest}.
 */
package io.taskmill.transport;
