package io.taskmill.transport;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Opens the transport a URI's scheme names, among the providers on the class path. */
public final class Transports {

    private Transports() {
    }

    /**
     * @throws IllegalArgumentException   for a URI no transport takes
     * @throws BrokerUnavailableException when the broker does not answer
     */
    public static Transport open(BrokerAddress address, Topology topology) {
        return providerOf(address).open(address, topology);
    }

    /**
     * The transport that takes the URI's scheme: checked before anything else is said of the URI (that a
     * password needs a user, say), since nothing else matters for a scheme no transport takes.
     *
     * @throws IllegalArgumentException for a URI no transport takes, naming the ones that are
     */
    public static TransportProvider providerOf(BrokerAddress address) {
        List<TransportProvider> providers = providers();
        return providers.stream().filter(provider -> provider.schemes().contains(address.scheme())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported broker URI scheme '" + address.scheme()
                        + "' in " + address + ": use " + providers.stream().map(TransportProvider::example)
                        .collect(Collectors.joining(", ")) + " (each broker is a module of its own: an application "
                        + "adds the one it uses, io.taskmill:taskmill-transport-<broker>)"));
    }

    /** Every transport on the class path, the in-JVM one first. */
    public static List<TransportProvider> providers() {
        return ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted((a, b) -> Boolean.compare(!a.schemes().contains("mem"), !b.schemes().contains("mem")))
                .toList();
    }
}
