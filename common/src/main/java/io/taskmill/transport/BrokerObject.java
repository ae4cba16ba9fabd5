package io.taskmill.transport;

/**
 * Something a deployment declared on its broker, as the broker names it.
 *
 * @param kind queue, stream or exchange
 */
public record BrokerObject(String kind, String name) {

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
