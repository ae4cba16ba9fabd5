package io.taskmill.coordinator;

import java.nio.charset.StandardCharsets;

/**
 * An ASCII name looked for in the raw bytes of a log entry. Batch ids and fence ids need
 * no escaping in JSON, so an entry that does not hold the bytes of one is not about it: a
 * join skips the other batches' events without decoding them.
 */
record AsciiNeedle(byte[] bytes) {

    static AsciiNeedle of(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException("not a plain ASCII name: " + text);
            }
        }
        return new AsciiNeedle(text.getBytes(StandardCharsets.US_ASCII));
    }

    boolean foundIn(byte[] haystack) {
        byte first = bytes[0];
        int last = haystack.length - bytes.length;
        for (int i = 0; i <= last; i++) {
            if (haystack[i] == first && matchesAt(haystack, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesAt(byte[] haystack, int start) {
        for (int j = 1; j < bytes.length; j++) {
            if (haystack[start + j] != bytes[j]) {
                return false;
            }
        }
        return true;
    }
}
