package io.taskmill.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAccessTest {

    @TempDir
    Path dir;

    @Test
    void aFileUnderAnAllowedDirectoryOpens() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Files.writeString(allowed.resolve("a.txt"), "a");
        try (InputStream in = FileAccess.within(List.of(allowed)).open(allowed.resolve("a.txt").toString())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a");
        }
    }

    @Test
    void pathsLeadingOutAreForbiddenOnceResolved() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s");
        Files.createSymbolicLink(allowed.resolve("link"), secret);
        FileAccess access = FileAccess.within(List.of(allowed));

        assertThatThrownBy(() -> access.open(secret.toString())).isInstanceOf(ForbiddenPathException.class)
                .hasMessageStartingWith("forbidden path: " + secret);
        assertThatThrownBy(() -> access.open(allowed + "/../secret.txt")).isInstanceOf(ForbiddenPathException.class);
        assertThatThrownBy(() -> access.open(allowed.resolve("link").toString()))
                .isInstanceOf(ForbiddenPathException.class).hasMessageContaining("(" + secret.toRealPath() + ")");
        assertThatThrownBy(() -> access.open(allowed + "-sibling/absent")).as("outside, whether it exists or not")
                .isInstanceOf(ForbiddenPathException.class);
    }

    @Test
    void aDirectoryThatIsNotThereIsABadSetting() {
        assertThatThrownBy(() -> FileAccess.within(List.of(dir.resolve("nope"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no such directory");
    }

    @Test
    void withoutDirectoriesAnyReadableFileOpens() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "f");
        try (InputStream in = FileAccess.unrestricted().open(file.toString())) {
            assertThat(in.readAllBytes()).hasSize(1);
        }
        assertThatThrownBy(() -> FileAccess.unrestricted().open(dir.resolve("absent").toString()))
                .isInstanceOf(NonRetryableTaskException.class).hasMessageStartingWith("no such file");
    }

    @Test
    void aDirectoryFailsForGoodAsAMissingFileDoes() {
        for (FileAccess access : List.of(FileAccess.unrestricted(), FileAccess.within(List.of(dir)))) {
            assertThatThrownBy(() -> {
                try (InputStream in = access.open(dir.toString())) {
                    in.readAllBytes();
                }
            }).isInstanceOf(NonRetryableTaskException.class).hasMessage("is a directory: " + dir);
        }
    }
}
