package io.taskmill.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a process holds: the first signs, every one verifies, so that a new key can be
 * added everywhere before it signs anything and an old one removed after nothing signed
 * with it is left (rotation without downtime).
 *
 * <p>A key file holds one key per line, {@code ID SECRET}, the secret in base64 (at least 32
 * bytes); blank lines and lines starting with {@code #} are skipped.
 */
public final class SigningKeys {

    private final List<SigningKey> keys;

    public SigningKeys(List<SigningKey> keys) {
        Set<String> ids = new HashSet<>();
        for (SigningKey key : keys) {
            if (!ids.add(key.id())) {
                throw new IllegalArgumentException("signing key id '" + key.id() + "' is given twice");
            }
        }
        this.keys = List.copyOf(keys);
    }

    public static SigningKeys none() {
        return new SigningKeys(List.of());
    }

    /**
     * The keys of a key file.
     *
     * @throws IllegalArgumentException for a missing, unreadable or empty file or a bad line,
     *                                  naming the file and line but never a secret
     */
    public static SigningKeys read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no signing key file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the signing key file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            keys.add(parse(line, file + ":" + (i + 1)));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the signing key file " + file + " holds no key (one per line: ID SECRET)");
        }
        SecretFiles.warnIfShared(file, "the signing key file");
        return new SigningKeys(keys);
    }

    private static SigningKey parse(String line, String where) {
        String[] fields = line.split("\\s+");
        if (fields.length != 2) {
            throw new IllegalArgumentException(where + ": a key line is 'ID SECRET' (the secret in base64)");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": the secret of key '" + fields[0] + "' is not base64");
        }
        try {
            return new SigningKey(fields[0], secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key new messages are signed with. */
    public Optional<SigningKey> signer() {
        return keys.stream().findFirst();
    }

    public Optional<SigningKey> find(String id) {
        return keys.stream().filter(key -> key.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        return keys.stream().map(SigningKey::id).toList();
    }

    @Override
    public String toString() {
        return "signing keys " + ids();
    }
}
