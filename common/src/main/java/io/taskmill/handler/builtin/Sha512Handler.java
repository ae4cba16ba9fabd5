package io.taskmill.handler.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.taskmill.handler.TaskContext;
import io.taskmill.handler.TaskHandler;
import io.taskmill.handler.TaskType;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The lecture's {@code compute_digest}: hex SHA-512 of the file at {@code {"path": P}},
 * opened through the task's {@link io.taskmill.handler.FileAccess} (the worker's allowed paths),
 * read in chunks so a file of any size takes constant memory. Each worker thread keeps its
 * buffer and digest: a digest of thousands of small files would otherwise make a buffer
 * of garbage per file.
 */
@TaskType("sha512")
public final class Sha512Handler implements TaskHandler {

    private static final int CHUNK = 64 * 1024;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[CHUNK]);
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha512Handler::sha512);

    @Override
    public JsonNode handle(TaskContext task) throws IOException {
        String path = task.requireText("path");
        try (InputStream in = task.files().open(path)) {
            MessageDigest digest = DIGEST.get();
            digest.reset();
            byte[] buffer = BUFFER.get();
            long bytes = 0;
            for (int read; (read = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, read);
                bytes += read;
            }
            return JsonNodeFactory.instance.objectNode()
                    .put("path", path)
                    .put("sha512", HexFormat.of().formatHex(digest.digest()))
                    .put("bytes", bytes);
        }
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-512", e);
        }
    }
}
