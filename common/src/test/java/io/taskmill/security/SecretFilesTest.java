package io.taskmill.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSecretFileOpenToOthersGetsAWarningAndOneForItsOwnerAloneNone() throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "k1 secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SecretFiles.warning(file, "the signing key file")).hasValue("the signing key file " + file
                + " is open to its group or others (rw-r--r--): anyone who reads it holds the secret; chmod 600 "
                + file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretFiles.warning(file, "the signing key file")).isEmpty();
    }
}
