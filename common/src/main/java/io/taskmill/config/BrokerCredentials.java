package io.taskmill.config;

import io.taskmill.security.SecretFiles;
import io.taskmill.transport.BrokerAddress;
import io.taskmill.transport.Transports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's password kept off command lines, where every user of the machine reads it
 * ({@code ps}, shell history): from a file ({@code --broker-password-file},
 * {@code TASKMILL_BROKER_PASSWORD_FILE}) or the environment ({@code TASKMILL_BROKER_PASSWORD}),
 * joined to a URI that names the user only. A password written in a URI given on the command
 * line still works, with a warning.
 */
public final class BrokerCredentials {

    public static final String PASSWORD_ENV = "TASKMILL_BROKER_PASSWORD";
    public static final String PASSWORD_FILE_ENV = "TASKMILL_BROKER_PASSWORD_FILE";

    /** What to say, once, about a password given on the command line. */
    public static final String COMMAND_LINE_WARNING = "warning: the broker URI on the command line holds a password, "
            + "which any user of this machine can read (ps, shell history): give the URI without it and the password "
            + "in a file (--broker-password-file, " + PASSWORD_FILE_ENV + ") or in " + PASSWORD_ENV;

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCredentials.class);

    private BrokerCredentials() {
    }

    /**
     * The address to connect to.
     *
     * @param uri          the broker URI as given
     * @param passwordFile a file holding the password (its first line), or null
     * @param env          the environment, for {@link #PASSWORD_ENV}
     * @throws IllegalArgumentException for a scheme no transport takes, an unreadable or empty file, a
     *                                  password both in the URI and elsewhere, or a password for a URI
     *                                  without a user
     */
    public static BrokerAddress resolve(String uri, Path passwordFile, Map<String, String> env) {
        BrokerAddress address = BrokerAddress.parse(uri);
        Transports.providerOf(address);
        bothGiven(passwordFile, env).ifPresent(LOG::warn);
        Optional<String> password = passwordFile != null ? Optional.of(read(passwordFile))
                : Optional.ofNullable(env.get(PASSWORD_ENV)).filter(value -> !value.isEmpty());
        if (password.isEmpty()) {
            return address;
        }
        if (address.hasPassword()) {
            throw new IllegalArgumentException("the broker URI holds a password and one is also given "
                    + (passwordFile != null ? "in " + passwordFile : "in " + PASSWORD_ENV) + ": give it once");
        }
        return address.withPassword(password.get());
    }

    /** The warning when a password file and {@link #PASSWORD_ENV} are both set: one of them is not used. */
    static Optional<String> bothGiven(Path passwordFile, Map<String, String> env) {
        String fromEnv = env.get(PASSWORD_ENV);
        return passwordFile == null || fromEnv == null || fromEnv.isEmpty() ? Optional.empty()
                : Optional.of("the broker password is read from " + passwordFile + "; " + PASSWORD_ENV
                        + ", also set, is not used: unset one of them");
    }

    /** Whether a URI given on the command line (not from the environment) shows a password. */
    public static boolean exposedOnCommandLine(String uri, boolean fromCommandLine) {
        try {
            return fromCommandLine && BrokerAddress.parse(uri).hasPassword();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (first.isEmpty()) {
                throw new IllegalArgumentException("the broker password file " + file + " is empty");
            }
            SecretFiles.warnIfShared(file, "the broker password file");
            return first;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no broker password file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the broker password file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
