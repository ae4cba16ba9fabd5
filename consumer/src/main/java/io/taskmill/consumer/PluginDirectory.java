package io.taskmill.consumer;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Task-handler jars dropped in a directory: the consumer's way to add task types without
 * rebuilding it, since {@code java -jar} ignores {@code -cp}.
 */
final class PluginDirectory {

    private PluginDirectory() {
    }

    /** A class loader over every {@code *.jar} in {@code dir}, or the consumer's own when {@code dir} is null. */
    static ClassLoader classLoader(Path dir) {
        ClassLoader parent = PluginDirectory.class.getClassLoader();
        if (dir == null) {
            return parent;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such plugin directory: " + dir);
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad plugin path in " + dir + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list plugin directory " + dir + ": " + e.getMessage());
        }
        return new URLClassLoader("taskmill-plugins", jars.toArray(URL[]::new), parent);
    }
}
