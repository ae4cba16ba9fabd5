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
        List<TransportProvider> providers = providers();
        return providers.stream().filter(provider -> provider.schemes().contains(address.scheme())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported broker URI scheme '" + address.scheme()
                        + "' in " + address + ": use " + providers.stream().map(TransportProvider::example)
                        .collect(Collectors.joining(", "))))
                .open(address, topology);
    }

    /** Every transport on the class path, the in-JVM one first. */
    public static List<TransportProvider> providers() {
        return ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted((a, b) -> Boolean.compare(!a.schemes().contains("mem"), !b.schemes().contains("mem")))
                .toList();
    }
}
