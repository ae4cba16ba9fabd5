package io.taskmill.transport.amqp;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The last entries a stream reader passed on, by offset and a checksum of their bytes. A
 * broker killed with -9 can come back without the last entries it had already delivered,
 * and give their offsets to new ones: a reader that resumed after its last offset would
 * never see those. So it resumes {@link #SIZE} entries back and passes on only what it does
 * not remember: a new entry at an offset it read before has other bytes.
 */
final class RecentEntries {

    /** Far more than a broker leaves unwritten when it dies. */
    static final int SIZE = 1 << 14;

    private final long[] offsets = new long[SIZE];
    private final int[] checksums = new int[SIZE];

    RecentEntries() {
        forget();
    }

    /** For a stream that replaced the one read: its offsets start again. */
    void forget() {
        Arrays.fill(offsets, -1);
    }

    /** Whether this entry, offset and bytes, was passed on; remembers it if not. */
    boolean seenElseRemember(long offset, byte[] body) {
        int slot = (int) (offset % SIZE);
        int checksum = checksum(body);
        if (offsets[slot] == offset && checksums[slot] == checksum) {
            return true;
        }
        offsets[slot] = offset;
        checksums[slot] = checksum;
        return false;
    }

    private static int checksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return (int) crc.getValue();
    }
}
