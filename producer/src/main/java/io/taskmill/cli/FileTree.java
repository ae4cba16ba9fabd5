package io.taskmill.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * The regular files under a directory, sorted, without following links: what the
 * lecture's {@code os.walk} loop digests. A directory that cannot be read is reported
 * and skipped, not fatal.
 */
final class FileTree {

    private FileTree() {
    }

    static List<Path> regularFiles(Path top, Consumer<String> problems) {
        if (!Files.isDirectory(top)) {
            throw new IllegalArgumentException("no such directory: " + top);
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.accept("cannot read " + file + ": " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot walk " + top + ": " + e.getMessage());
        }
        Collections.sort(files);
        return files;
    }
}
