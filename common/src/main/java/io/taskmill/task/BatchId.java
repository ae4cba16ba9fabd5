package io.taskmill.task;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * Batch ids carry their creation time ({@code <millis base36>-<random>}), so that a
 * coordinator started in another process knows where in the event log the batch begins
 * without asking anyone.
 */
public final class BatchId {

    private static final SecureRandom RANDOM = new SecureRandom();

    private BatchId() {
    }

    /** {@code [0-9a-z]{1,12}-[0-9a-z]{6,16}}, checked by hand: it runs several times per task. */
    static boolean wellFormed(String batch) {
        if (batch == null) {
            return false;
        }
        int dash = batch.indexOf('-');
        int tail = batch.length() - dash - 1;
        if (dash < 1 || dash > 12 || tail < 6 || tail > 16) {
            return false;
        }
        for (int i = 0; i < batch.length(); i++) {
            char c = batch.charAt(i);
            if (i != dash && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    public static String create(Instant now) {
        String random = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        return Long.toString(now.toEpochMilli(), 36) + "-" + (random + "00000000").substring(0, 8);
    }

    /**
     * The id of a batch that several processes may open for the same thing (a schedule's
     * tick): made of {@code at} and a hash of {@code seed}, so that each opens the same batch
     * and its tasks get the same ids, and a join counts them once.
     */
    public static String derived(Instant at, String seed) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(hash).getLong() & Long.MAX_VALUE;
            return Long.toString(at.toEpochMilli(), 36) + "-" + (Long.toString(bits, 36) + "00000000").substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static Instant createdAt(String batch) {
        requireValid(batch);
        return Instant.ofEpochMilli(Long.parseLong(batch.substring(0, batch.indexOf('-')), 36));
    }

    public static String requireValid(String batch) {
        if (!wellFormed(batch)) {
            throw new IllegalArgumentException("not a batch id: '" + batch
                    + "' (expected the id that 'taskmill submit' printed, like mwwjq26h-48vluayy)");
        }
        return batch;
    }
}
