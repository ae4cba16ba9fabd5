package io.taskmill.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files that hold secrets (signing keys, a broker password, a TLS private key) should be
 * readable by their owner alone; like ssh with a private key, Taskmill says so in one line
 * when one is not, and uses it all the same.
 */
public final class SecretFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);
    private static final Set<PosixFilePermission> SHARED = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    /** Logs a warning when {@code file}, holding {@code what}, is open to its group or to others. */
    public static void warnIfShared(Path file, String what) {
        warning(file, what).ifPresent(LOG::warn);
    }

    /** The warning for {@code file}, if its permissions call for one; none where the file system has no POSIX modes. */
    static Optional<String> warning(Path file, String what) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
        if (permissions.stream().noneMatch(SHARED::contains)) {
            return Optional.empty();
        }
        return Optional.of(what + " " + file + " is open to its group or others (" + PosixFilePermissions
                .toString(permissions) + "): anyone who reads it holds the secret; chmod 600 " + file);
    }
}
