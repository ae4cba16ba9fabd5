package io.taskmill.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One shared secret and the id that names it in a signature. Its secret never appears in
 * {@link #toString()} or in any message.
 */
public final class SigningKey {

    /** Shorter secrets are refused: an HMAC-SHA256 key should carry the hash's 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String ALGORITHM = "HmacSHA256";

    private final String id;
    private final SecretKeySpec secret;
    // A Mac is not thread-safe and costs a few microseconds to make: one per thread and key.
    private final ThreadLocal<Mac> macs;

    public SigningKey(String id, byte[] secret) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a signing key id is 1 to 64 of A-Z a-z 0-9 . _ -, was '" + id + "'");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("signing key '" + id + "' has " + secret.length
                    + " bytes; at least " + MIN_SECRET_BYTES + " are needed (openssl rand -base64 32)");
        }
        this.id = id;
        this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String id() {
        return id;
    }

    /** The HMAC-SHA256 of {@code data}. */
    byte[] mac(byte[] data) {
        return macs.get().doFinal(data);
    }

    /** Whether {@code expected} is this key's HMAC of {@code data}, compared in constant time. */
    boolean verifies(byte[] expected, byte[] data) {
        return MessageDigest.isEqual(expected, mac(data));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
        }
    }

    @Override
    public String toString() {
        return "signing key " + id;
    }
}
