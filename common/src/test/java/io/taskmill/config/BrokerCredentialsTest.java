package io.taskmill.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordFileAndThePasswordVariableBothSetAreWarnedOf() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "from-file\n");
        Map<String, String> env = Map.of(BrokerCredentials.PASSWORD_ENV, "from-env");

        assertThat(BrokerCredentials.bothGiven(file, env)).hasValue("the broker password is read from " + file
                + "; TASKMILL_BROKER_PASSWORD, also set, is not used: unset one of them");
        assertThat(BrokerCredentials.bothGiven(file, Map.of())).isEmpty();
        assertThat(BrokerCredentials.bothGiven(null, env)).isEmpty();
    }
}
