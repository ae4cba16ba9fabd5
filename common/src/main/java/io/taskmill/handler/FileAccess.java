package io.taskmill.handler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Which files a task may open: the consumer's {@code --allow-path} directories, or any file
 * its process can read when none is given. A path is judged twice: as written, with
 * {@code ..} resolved, before the file system is asked anything (so a task cannot learn
 * which files exist outside), and once every symbolic link is followed (so no link leads out).
 */
public final class FileAccess {

    private static final FileAccess UNRESTRICTED = new FileAccess(List.of(), List.of());

    private final List<Path> allowed;
    /** The allowed directories as given, made absolute: a path may name one through a link of its own. */
    private final List<Path> given;

    private FileAccess(List<Path> allowed, List<Path> given) {
        this.allowed = List.copyOf(allowed);
        this.given = List.copyOf(given);
    }

    public static FileAccess unrestricted() {
        return UNRESTRICTED;
    }

    /**
     * Only files under these directories, themselves resolved now.
     *
     * @throws IllegalArgumentException for a directory that does not exist
     */
    public static FileAccess within(List<Path> directories) {
        if (directories.isEmpty()) {
            return UNRESTRICTED;
        }
        return new FileAccess(directories.stream().map(FileAccess::realDirectory).toList(),
                directories.stream().map(directory -> directory.toAbsolutePath().normalize()).toList());
    }

    /** The directories allowed; empty when unrestricted. */
    public List<Path> allowed() {
        return allowed;
    }

    /**
     * Opens a file for reading.
     *
     * @throws ForbiddenPathException when it resolves outside every allowed directory
     * @throws NonRetryableTaskException when it does not exist or cannot be read
     */
    public InputStream open(String path) throws IOException {
        Path written = Path.of(path).toAbsolutePath().normalize();
        if (!allowed.isEmpty() && given.stream().noneMatch(written::startsWith)
                && allowed.stream().noneMatch(written::startsWith)) {
            throw forbidden(path, written);
        }
        if (allowed.isEmpty()) {
            // Nothing to confine: resolving every link of the path (a system call per component) buys nothing.
            return openChecked(written, path);
        }
        Path real;
        try {
            real = written.toRealPath();
        } catch (NoSuchFileException e) {
            throw new NonRetryableTaskException("no such file: " + path, e);
        } catch (AccessDeniedException e) {
            throw new NonRetryableTaskException("permission denied: " + path, e);
        }
        if (allowed.stream().noneMatch(real::startsWith)) {
            throw forbidden(path, real);
        }
        return openChecked(real, path);
    }

    private static InputStream openChecked(Path file, String path) throws IOException {
        try {
            return new DirectoryRefusing(Files.newInputStream(file), file, path);
        } catch (NoSuchFileException e) {
            throw new NonRetryableTaskException("no such file: " + path, e);
        } catch (AccessDeniedException e) {
            throw new NonRetryableTaskException("permission denied: " + path, e);
        }
    }

    /**
     * A directory opens on Linux and fails at the first read ("Is a directory"), which a
     * worker would retry as any I/O error: it fails the task for good, as a missing file
     * does. Asked only when a read fails: a check at every open costs a system call a file.
     */
    private static final class DirectoryRefusing extends java.io.FilterInputStream {

        private final Path file;
        private final String path;

        DirectoryRefusing(InputStream in, Path file, String path) {
            super(in);
            this.file = file;
            this.path = path;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw refusedIfDirectory(e);
            }
        }

        private IOException refusedIfDirectory(IOException e) {
            if (Files.isDirectory(file)) {
                throw new NonRetryableTaskException("is a directory: " + path, e);
            }
            return e;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw refusedIfDirectory(e);
            }
        }
    }

    private ForbiddenPathException forbidden(String path, Path resolved) {
        return new ForbiddenPathException("forbidden path: " + path + (resolved.toString().equals(path) ? ""
                : " (" + resolved + ")") + " is outside the allowed paths " + allowed);
    }

    private static Path realDirectory(Path directory) {
        try {
            Path real = directory.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IllegalArgumentException("--allow-path " + directory + " is not a directory");
            }
            return real;
        } catch (IOException e) {
            throw new IllegalArgumentException("--allow-path " + directory + ": no such directory");
        }
    }
}
