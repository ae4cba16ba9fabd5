package io.taskmill.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The token the dashboard's actions need, by one rule whatever its source: a file, the
 * environment, or made at random (and then printed, as nobody else knows it). A given token
 * shorter than {@link #MIN_LENGTH} characters, or blank, is refused; an empty variable is
 * one not set.
 *
 * @param value   the token
 * @param made    whether it was made here, so must be shown to the operator
 */
record DashboardToken(String value, boolean made) {

    static final int MIN_LENGTH = 16;
    static final String ENV = "TASKMILL_DASHBOARD_TOKEN";

    static DashboardToken of(Path file, Map<String, String> env) {
        if (file != null) {
            try {
                return given(Files.readString(file), "the token in " + file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the token file " + file + ": " + e.getMessage());
            }
        }
        String fromEnv = env.get(ENV);
        // Empty is how compose passes a variable the operator did not set.
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return given(fromEnv, ENV);
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return new DashboardToken(Base64.getUrlEncoder().withoutPadding().encodeToString(random), true);
    }

    private static DashboardToken given(String text, String source) {
        String token = text.strip();
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(source + " is " + (token.isEmpty() ? "blank" : "shorter than "
                    + MIN_LENGTH + " characters") + ": give a token of at least " + MIN_LENGTH
                    + " characters, or none for a random one");
        }
        return new DashboardToken(token, false);
    }

    @Override
    public String toString() {
        return "DashboardToken[***]";
    }
}
