package io.taskmill.cli;

import io.taskmill.client.ClientOptions;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import picocli.CommandLine.Option;

/** Where the tasks go. Every option defaults from a {@code TASKMILL_*} environment variable. */
final class BrokerOptions {

    @Option(names = "--broker", paramLabel = "URI", defaultValue = "${env:TASKMILL_BROKER}",
            description = "Broker URI: amqp://user:pass@host:5672/vhost, amqps://..., mem://name; options of one "
                    + "broker go in its query, like amqp://host?queue-type=classic (env TASKMILL_BROKER).")
    String broker;

    @Option(names = "--queue", paramLabel = "NAME", defaultValue = "${env:TASKMILL_QUEUE:-default}",
            description = "Work queue, under the prefix (env TASKMILL_QUEUE; default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "${env:TASKMILL_PREFIX:-taskmill}",
            description = "Namespace of every queue (env TASKMILL_PREFIX; default: ${DEFAULT-VALUE}).")
    String prefix;

    boolean given() {
        return broker != null && !broker.isBlank();
    }

    Topology topology() {
        return new Topology(prefix);
    }

    /**
     * A broker that other processes reach, which is what commands that only publish or only
     * look need; an error saying how to give one otherwise.
     */
    ClientOptions remote() {
        if (!given()) {
            throw new IllegalArgumentException("no broker: pass --broker URI or set TASKMILL_BROKER");
        }
        BrokerAddress address = BrokerAddress.parse(broker);
        if (inProcess(address)) {
            throw new IllegalArgumentException(address + " lives inside one process and ends with it: this command "
                    + "needs a broker that consumer processes reach (amqp://...)");
        }
        return ClientOptions.remote(address, topology(), queue);
    }

    /**
     * The broker given, or the embedded default. An in-JVM broker ({@code mem://}, given or
     * by default) gets workers in this process, as nothing else can reach it.
     */
    ClientOptions remoteOrEmbedded() {
        BrokerAddress address = given() ? BrokerAddress.parse(broker) : ClientOptions.embedded().broker();
        if (!inProcess(address)) {
            return remote();
        }
        ClientOptions embedded = ClientOptions.embedded();
        return new ClientOptions(address, topology(), queue, embedded.embeddedWorkers(), embedded.timeLimit());
    }

    private static boolean inProcess(BrokerAddress address) {
        return "mem".equals(address.scheme());
    }
}
