package io.taskmill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/** The zip a user downloads: unzipped where there is a JRE and nothing else, its launcher digests a directory. */
class DistributionIT {

    @TempDir
    Path dir;

    @Test
    void theUnzippedDistributionRunsADigestWithOnlyAJre() throws Exception {
        DockerRequirement.require("DistributionIT");
        Path home = unzip(Jars.distribution(), dir);
        assertThat(home.resolve("lib/taskmill.jar")).isRegularFile();
        assertThat(home.resolve("lib/taskmill-consumer.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License");
        assertThat(home.resolve("man/man1/taskmill-digest.1")).content()
                .startsWith(".TH \"TASKMILL-DIGEST\" \"1\"").contains(".SH OPTIONS").contains("\\-\\-output");
        assertThat(home.resolve("completion/taskmill.bash")).content().contains("complete -F")
                .contains("(\"high\" \"normal\" \"low\")");
        // SEE ALSO of every page names it: the consumer's page and completion ship too.
        assertThat(home.resolve("man/man1/taskmill-consumer.1")).content().contains(".SH EXIT STATUS")
                .contains(".B 75").contains("TASKMILL_CONCURRENCY").contains(".SH EXAMPLES");
        assertThat(home.resolve("completion/taskmill-consumer.bash")).content().contains("--concurrency");

        String check = "set -e; ! command -v javac; ! command -v mvn; "
                + "/opt/taskmill/bin/taskmill digest /opt/taskmill/docs --output /tmp/docs.sha512 --quiet; "
                + "sha512sum --check --quiet /tmp/docs.sha512; wc -l < /tmp/docs.sha512; echo DIGESTS-VERIFIED; "
                + "/opt/taskmill/bin/taskmill help digest | head -1; "
                + "/opt/taskmill/bin/taskmill-consumer --help | head -1";
        try (GenericContainer<?> jre = new GenericContainer<>(DockerImageName.parse(jreImage()))
                .withCopyFileToContainer(MountableFile.forHostPath(home, 0755), "/opt/taskmill")
                .withCommand("sh", "-c", check)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(3)))) {
            jre.start();
            String output = jre.getLogs();
            assertThat(output).contains("DIGESTS-VERIFIED").contains("Usage: taskmill digest")
                    .contains("Usage: taskmill-consumer");
        }
    }

    /** The JRE image: JRE_IMAGE (a local build here), else the public one users pull. */
    private static String jreImage() {
        String image = System.getenv("JRE_IMAGE");
        return image == null || image.isBlank() ? "eclipse-temurin:17-jre" : image;
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        Path top = null;
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the distribution's directory: " + entry.getName());
                }
                if (top == null) {
                    top = into.resolve(Path.of(entry.getName()).getName(0));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
        assertThat(top).as("the zip holds one top directory").isNotNull();
        return top;
    }
}
