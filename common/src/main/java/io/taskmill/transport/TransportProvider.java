package io.taskmill.transport;

import java.util.Set;

/**
 * A broker's way into Taskmill: one per transport module, found with
 * {@link java.util.ServiceLoader} by the URI scheme it serves. Adding a broker is a module
 * with a provider (listed in {@code META-INF/services/io.taskmill.transport.TransportProvider})
 * that passes the transport contract suite; nothing else changes.
 */
public interface TransportProvider {

    /** The URI schemes this provider opens, in lower case: {@code amqp}, {@code amqps}. */
    Set<String> schemes();

    /** A URI to show in messages, as a user would write one: {@code amqp://user@host:5672}. */
    String example();

    /**
     * Connects. Options that only this broker has are read from the URI's query
     * ({@code ?name=value}); an unknown one is an {@link IllegalArgumentException} naming it.
     *
     * @throws BrokerUnavailableException when the broker does not answer
     */
    Transport open(BrokerAddress address, Topology topology);
}
