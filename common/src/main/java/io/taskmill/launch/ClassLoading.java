package io.taskmill.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The half of a launcher's class-data training run that a build can do without a broker: the
 * loading, not the initialising, of the classes a process on a broker needs. The JVM that
 * writes the archive ({@code -XX:ArchiveClassesAtExit}) keeps them parsed and verified, so a
 * process started with it does not read them out of its jar again.
 */
public final class ClassLoading {

    /** Taskmill's own classes and the broker clients'. */
    public static final List<String> BROKER_PACKAGES = List.of("io/taskmill/", "com/rabbitmq/client/",
            "io/nats/client/", "io/lettuce/core/");

    private ClassLoading() {
    }

    /**
     * Loads every class under the given packages of the jar that holds {@code anchor}.
     *
     * @param packages path prefixes, such as {@code io/taskmill/}
     */
    public static void loadPackages(Class<?> anchor, List<String> packages) {
        ClassLoader loader = anchor.getClassLoader();
        try (JarFile classes = new JarFile(jarOf(anchor).toFile())) {
            for (JarEntry entry : classes.stream().toList()) {
                String name = entry.getName();
                if (name.endsWith(".class") && !name.endsWith("module-info.class")
                        && packages.stream().anyMatch(name::startsWith)) {
                    try {
                        Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                                loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // A class of an optional dependency that is not here: the process never loads it either.
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path jarOf(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the jar of " + anchor.getName() + " has no path: " + e.getMessage(), e);
        }
    }
}
