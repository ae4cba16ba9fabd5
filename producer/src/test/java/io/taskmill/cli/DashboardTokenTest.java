package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One rule for the dashboard's token, whatever its source. */
class DashboardTokenTest {

    @TempDir
    Path dir;

    @Test
    void aShortOrBlankTokenIsRefusedFromTheEnvironmentAsFromAFile() throws Exception {
        assertThatThrownBy(() -> DashboardToken.of(null, Map.of(DashboardToken.ENV, "a")))
                .hasMessageStartingWith("TASKMILL_DASHBOARD_TOKEN is shorter than 16 characters");
        assertThatThrownBy(() -> DashboardToken.of(null, Map.of(DashboardToken.ENV, " ")))
                .hasMessageStartingWith("TASKMILL_DASHBOARD_TOKEN is blank");
        Path file = Files.writeString(dir.resolve("token"), "short\n");
        assertThatThrownBy(() -> DashboardToken.of(file, Map.of()))
                .hasMessageStartingWith("the token in " + file + " is shorter than 16 characters");
    }

    @Test
    void aGivenTokenIsTakenAsGivenAndOnlyAMadeOneIsToBeShown() throws Exception {
        DashboardToken fromEnv = DashboardToken.of(null, Map.of(DashboardToken.ENV, " sixteen-chars-ok "));
        assertThat(fromEnv).isEqualTo(new DashboardToken("sixteen-chars-ok", false));
        Path file = Files.writeString(dir.resolve("token"), "from-a-file-0123456789\n");
        assertThat(DashboardToken.of(file, Map.of(DashboardToken.ENV, "ignored-when-a-file-is-given")))
                .isEqualTo(new DashboardToken("from-a-file-0123456789", false));
        DashboardToken made = DashboardToken.of(null, Map.of());
        assertThat(made.made()).isTrue();
        assertThat(DashboardToken.of(null, Map.of(DashboardToken.ENV, "")).made()).isTrue();
        assertThat(made.value()).hasSizeGreaterThanOrEqualTo(DashboardToken.MIN_LENGTH);
        assertThat(made.toString()).doesNotContain(made.value());
    }
}
