package io.taskmill.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * What a process does with signatures: signs what it writes when it holds a key, and checks
 * what it reads. A signed message is one line, {@code TMS1 <key id> <HMAC-SHA256, base64url>},
 * then the JSON it signs, byte for byte: no canonical form to get wrong, and a broker of any
 * kind carries it as it carries any body.
 *
 * <p>A message signed with a key this process holds must verify. One signed with a key it
 * does not hold, or one not signed at all, is refused when signatures are required and let
 * through otherwise (a process without keys cannot check anything).
 */
public final class MessageSigning {

    private static final String MAGIC_TEXT = "TMS1 ";
    private static final byte[] MAGIC = MAGIC_TEXT.getBytes(StandardCharsets.US_ASCII);
    /** The longest signature line: magic, a 64-character id, a space, 43 characters of MAC, a newline. */
    private static final int MAX_LINE = MAGIC.length + 64 + 1 + 43 + 1;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /**
     * How long a signed task may be run after it was made (or became due): a captured task
     * replayed later is refused, not run again. As long as the event log keeps a batch.
     */
    public static final Duration DEFAULT_TASK_LIFETIME = Duration.ofDays(7);

    private final SigningKeys keys;
    private final boolean required;
    private final Duration taskLifetime;

    public MessageSigning(SigningKeys keys, boolean required) {
        this(keys, required, DEFAULT_TASK_LIFETIME);
    }

    /** @param taskLifetime how long after it was made, or became due, a task is run where signatures are required */
    public MessageSigning(SigningKeys keys, boolean required, Duration taskLifetime) {
        if (required && keys.isEmpty()) {
            throw new IllegalArgumentException("requiring signed messages needs the keys to check them with "
                    + "(--signing-key-file)");
        }
        if (taskLifetime.isNegative() || taskLifetime.isZero()) {
            throw new IllegalArgumentException("the lifetime of signed tasks must be more than 0, was " + taskLifetime);
        }
        this.keys = keys;
        this.required = required;
        this.taskLifetime = taskLifetime;
    }

    /** The same signing, with signed tasks run for {@code lifetime} after they were made or became due. */
    public MessageSigning withTaskLifetime(Duration lifetime) {
        return new MessageSigning(keys, required, lifetime);
    }

    /** See {@link #DEFAULT_TASK_LIFETIME}; checked only where signatures are required. */
    public Duration taskLifetime() {
        return taskLifetime;
    }

    /**
     * The signing of a process from its options.
     *
     * @param keyFile  the key file, or null for none
     * @param required whether unsigned messages are refused
     * @throws IllegalArgumentException for a bad key file, or signatures required without keys
     */
    public static MessageSigning of(java.nio.file.Path keyFile, boolean required) {
        return new MessageSigning(keyFile == null ? SigningKeys.none() : SigningKeys.read(keyFile), required);
    }

    /** Neither signs nor requires: what a process without keys does. */
    public static MessageSigning none() {
        return new MessageSigning(SigningKeys.none(), false);
    }

    public boolean signs() {
        return !keys.isEmpty();
    }

    public boolean required() {
        return required;
    }

    /** What a log line says of this signing: the key that signs and the keys that verify, never a secret. */
    public String describe() {
        return keys.signer().map(signer -> "signing with key " + signer.id() + ", verifying keys " + keys.ids())
                .orElse("no signing keys") + (required ? ", signatures required" : ", unsigned messages accepted");
    }

    /** The message as sent: {@code body} under a signature line when this process holds a key. */
    public byte[] sign(byte[] body) {
        Optional<SigningKey> signer = keys.signer();
        if (signer.isEmpty()) {
            return body;
        }
        byte[] line = (MAGIC_TEXT + signer.get().id() + " " + ENCODER.encodeToString(signer.get().mac(body))
                + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] message = Arrays.copyOf(line, line.length + body.length);
        System.arraycopy(body, 0, message, line.length, body.length);
        return message;
    }

    /** The body of a message as received, and whether this process accepts it. */
    public Opened open(byte[] message) {
        if (!startsWithMagic(message)) {
            return required ? new Opened(message, Refusal.UNSIGNED, "unsigned message (signatures are required here)")
                    : new Opened(message, null, null);
        }
        int newline = indexOf(message, (byte) '\n', Math.min(message.length, MAX_LINE));
        String[] fields = newline < 0 ? new String[0]
                : new String(message, 0, newline, StandardCharsets.US_ASCII).split(" ");
        if (fields.length != 3) {
            return new Opened(message, Refusal.ALTERED, "malformed signature line");
        }
        byte[] body = Arrays.copyOfRange(message, newline + 1, message.length);
        if (keys.isEmpty()) {
            return new Opened(body, null, null);
        }
        Optional<SigningKey> key = keys.find(fields[1]);
        if (key.isEmpty()) {
            // Where unsigned messages are taken, one under another's key is no less trusted than one under none.
            return required ? new Opened(body, Refusal.UNKNOWN_KEY, "signed with key '" + fields[1]
                    + "', which this process does not hold (it holds " + keys.ids() + ")") : new Opened(body, null, null);
        }
        byte[] mac;
        try {
            mac = Base64.getUrlDecoder().decode(fields[2]);
        } catch (IllegalArgumentException e) {
            return new Opened(body, Refusal.ALTERED, "malformed signature line");
        }
        if (!key.get().verifies(mac, body)) {
            return new Opened(body, Refusal.ALTERED, "signature does not match under key '" + fields[1]
                    + "': altered after signing, or signed with another secret");
        }
        return new Opened(body, null, null);
    }

    private static boolean startsWithMagic(byte[] message) {
        return message.length >= MAGIC.length && Arrays.equals(message, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static int indexOf(byte[] data, byte wanted, int end) {
        for (int i = 0; i < end; i++) {
            if (data[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Why a message is refused; its name is the error class a dead letter records. */
    public enum Refusal {
        UNSIGNED("Unsigned"), UNKNOWN_KEY("UnknownSigningKey"), ALTERED("BadSignature");

        private final String errorClass;

        Refusal(String errorClass) {
            this.errorClass = errorClass;
        }

        public String errorClass() {
            return errorClass;
        }
    }

    /**
     * A message opened.
     *
     * @param body    the JSON it carries, readable even when refused (to name its tasks)
     * @param refusal why it is refused; null when accepted
     * @param problem the refusal in words; null when accepted
     */
    public record Opened(byte[] body, Refusal refusal, String problem) {

        public boolean accepted() {
            return refusal == null;
        }
    }
}
