package io.taskmill.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AsciiNeedleTest {

    private static final AsciiNeedle BATCH = AsciiNeedle.of("mwxrlsnr-1h3t3ze1");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsTheNameAnywhereInAnEntry() {
        assertThat(BATCH.foundIn(bytes("mwxrlsnr-1h3t3ze1"))).isTrue();
        assertThat(BATCH.foundIn(bytes("{\"kind\":\"done\",\"id\":\"mwxrlsnr-1h3t3ze1:17\"}"))).isTrue();
        assertThat(BATCH.foundIn(bytes("{\"events\":[{\"id\":\"other-aaaaaa:1\"},{\"id\":\"mwxrlsnr-1h3t3ze1:2\"}]}")))
                .isTrue();
    }

    @Test
    void skipsEntriesOfOtherBatchesAndNearMisses() {
        assertThat(BATCH.foundIn(bytes("{\"id\":\"mwxrlsnr-1h3t3ze2:17\"}"))).isFalse();
        assertThat(BATCH.foundIn(bytes("mwxrlsnr-1h3t3ze"))).as("cut short at the end").isFalse();
        assertThat(BATCH.foundIn(bytes(""))).isFalse();
        assertThat(BATCH.foundIn(bytes("mmwxrlsnr-1h3t3zemwxrlsnr-1h3t3ze1"))).as("after a false start").isTrue();
    }

    @Test
    void refusesNamesThatJsonWouldEscape() {
        assertThatThrownBy(() -> AsciiNeedle.of("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AsciiNeedle.of("é")).isInstanceOf(IllegalArgumentException.class);
    }
}
