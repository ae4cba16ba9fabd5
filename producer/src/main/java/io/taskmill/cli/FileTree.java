package io.taskmill.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The regular files under a directory, without following links: what the lecture's
 * {@code os.walk} loop digests. Handed over one at a time as the walk finds them, each
 * directory's entries in name order, so the walk holds one directory listing per level,
 * never the tree. A directory that cannot be read is reported and skipped, not fatal.
 */
final class FileTree {

    /** A regular file and its size, as the walk saw it. */
    record File(Path path, long size) {
    }

    private FileTree() {
    }

    /** Hands every regular file under {@code directory} to {@code each}, and what cannot be read to {@code problems}. */
    static void walk(Path directory, Consumer<File> each, Consumer<String> problems) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
            listing.forEach(entries::add);
        } catch (IOException e) {
            problems.accept("cannot read " + directory + ": " + e.getMessage());
            return;
        }
        entries.sort(null);
        for (Path entry : entries) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                problems.accept("cannot read " + entry + ": " + e.getMessage());
                continue;
            }
            if (attributes.isDirectory()) {
                walk(entry, each, problems);
            } else if (attributes.isRegularFile()) {
                each.accept(new File(entry, attributes.size()));
            }
        }
    }
}
