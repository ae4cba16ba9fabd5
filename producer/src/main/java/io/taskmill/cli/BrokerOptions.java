package io.taskmill.cli;

import io.taskmill.client.ClientOptions;
import io.taskmill.config.BrokerCredentials;
import io.taskmill.security.MessageSigning;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Topology;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the tasks go. Every option defaults from a {@code TASKMILL_*} environment variable. */
final class BrokerOptions {

    @Option(names = "--broker", paramLabel = "URI", defaultValue = "${env:TASKMILL_BROKER}",
            description = "Broker URI: amqp://user@host:5672/vhost, amqps://..., mem://name; options of one "
                    + "broker go in its query, like amqp://host?queue-type=classic (env TASKMILL_BROKER). A password "
                    + "written here shows in ps: give it with --broker-password-file or TASKMILL_BROKER_PASSWORD.")
    String broker;

    @Option(names = "--broker-password-file", paramLabel = "FILE", defaultValue = "${env:TASKMILL_BROKER_PASSWORD_FILE}",
            description = "A file whose first line is the broker password, for the user the URI names "
                    + "(env TASKMILL_BROKER_PASSWORD_FILE; or the password itself in TASKMILL_BROKER_PASSWORD).")
    Path passwordFile;

    @Option(names = "--signing-key-file", paramLabel = "FILE", defaultValue = "${env:TASKMILL_SIGNING_KEY_FILE}",
            description = "Keys that sign the tasks and events this command publishes and check those it reads: one "
                    + "per line, 'ID SECRET' (base64, 32 bytes or more); the first signs, all verify "
                    + "(env TASKMILL_SIGNING_KEY_FILE).")
    Path signingKeyFile;

    @Option(names = "--require-signed", defaultValue = "${env:TASKMILL_REQUIRE_SIGNED:-false}",
            description = "Count only outcomes signed with a key of --signing-key-file: unsigned or forged events "
                    + "are ignored (env TASKMILL_REQUIRE_SIGNED).")
    boolean requireSigned;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** One warning a command about a password on its command line, however often it resolves the address. */
    private boolean warned;

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
        BrokerAddress address = address();
        if (inProcess(address)) {
            throw new IllegalArgumentException(address + " lives inside one process and ends with it: this command "
                    + "needs a broker that consumer processes reach (amqp://...)");
        }
        return ClientOptions.remote(address, topology(), queue).withSigning(signing());
    }

    /**
     * The broker given, or the embedded default. An in-JVM broker ({@code mem://}, given or
     * by default) gets workers in this process, as nothing else can reach it.
     */
    ClientOptions remoteOrEmbedded() {
        BrokerAddress address = given() ? address() : ClientOptions.embedded().broker();
        if (!inProcess(address)) {
            return remote();
        }
        ClientOptions embedded = ClientOptions.embedded();
        return new ClientOptions(address, topology(), queue, embedded.embeddedWorkers(), embedded.timeLimit(),
                signing());
    }

    private MessageSigning signing() {
        return MessageSigning.of(signingKeyFile, requireSigned);
    }

    private BrokerAddress address() {
        boolean typed = command != null && command.commandLine() != null
                && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption("--broker");
        if (BrokerCredentials.exposedOnCommandLine(broker, typed) && !warned) {
            warned = true;
            command.commandLine().getErr().println("taskmill: " + BrokerCredentials.COMMAND_LINE_WARNING);
        }
        return BrokerCredentials.resolve(broker, passwordFile, System.getenv());
    }

    private static boolean inProcess(BrokerAddress address) {
        return "mem".equals(address.scheme());
    }
}
