package io.taskmill.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageSigningTest {

    private static final byte[] BODY = "{\"v\":1,\"id\":\"b:0\"}".getBytes(UTF_8);

    @TempDir
    Path dir;

    static SigningKey key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new SigningKey(id, secret);
    }

    private static MessageSigning signing(boolean required, SigningKey... keys) {
        return new MessageSigning(new SigningKeys(List.of(keys)), required);
    }

    @Test
    void aSignedMessageOpensToItsBodyUnderAnyKeyItsReaderHolds() {
        byte[] signed = signing(false, key("k1", 1)).sign(BODY);
        assertThat(new String(signed, UTF_8)).startsWith("TMS1 k1 ");
        // Rotation: the reader holds the new key first and still the old one.
        MessageSigning.Opened opened = signing(true, key("k2", 2), key("k1", 1)).open(signed);
        assertThat(opened.accepted()).isTrue();
        assertThat(opened.body()).isEqualTo(BODY);
    }

    @Test
    void anAlteredByteIsRefused() {
        byte[] signed = signing(false, key("k1", 1)).sign(BODY);
        signed[signed.length - 3] ^= 1;
        MessageSigning.Opened opened = signing(false, key("k1", 1)).open(signed);
        assertThat(opened.refusal()).isEqualTo(MessageSigning.Refusal.ALTERED);
        assertThat(opened.problem()).contains("signature does not match under key 'k1'");
    }

    @Test
    void theSameKeyIdWithAnotherSecretIsRefused() {
        byte[] forged = signing(false, key("k1", 9)).sign(BODY);
        assertThat(signing(false, key("k1", 1)).open(forged).refusal()).isEqualTo(MessageSigning.Refusal.ALTERED);
    }

    @Test
    void aKeyTheReaderDoesNotHoldIsRefusedByNameWhereSignaturesAreRequired() {
        byte[] forged = signing(false, key("mallory", 1)).sign(BODY);
        MessageSigning.Opened opened = signing(true, key("k1", 1)).open(forged);
        assertThat(opened.refusal()).isEqualTo(MessageSigning.Refusal.UNKNOWN_KEY);
        assertThat(opened.problem()).isEqualTo("signed with key 'mallory', which this process does not hold "
                + "(it holds [k1])");
        assertThat(opened.body()).isEqualTo(BODY);
    }

    /** A join holding only its own key must still count the failure a consumer signed with another. */
    @Test
    void aKeyTheReaderDoesNotHoldIsAcceptedAsAnUnsignedMessageIsWhereSignaturesAreNotRequired() {
        byte[] other = signing(false, key("k1", 1)).sign(BODY);
        MessageSigning.Opened opened = signing(false, key("k9", 9)).open(other);
        assertThat(opened.accepted()).isTrue();
        assertThat(opened.body()).isEqualTo(BODY);
    }

    @Test
    void unsignedMessagesPassUnlessSignaturesAreRequired() {
        assertThat(signing(false, key("k1", 1)).open(BODY).accepted()).isTrue();
        assertThat(MessageSigning.none().open(BODY).body()).isSameAs(BODY);
        MessageSigning.Opened refused = signing(true, key("k1", 1)).open(BODY);
        assertThat(refused.refusal()).isEqualTo(MessageSigning.Refusal.UNSIGNED);
        assertThat(refused.body()).isEqualTo(BODY);
    }

    @Test
    void aProcessWithoutKeysSignsNothingAndReadsSignedBodies() {
        assertThat(MessageSigning.none().sign(BODY)).isSameAs(BODY);
        byte[] signed = signing(false, key("k1", 1)).sign(BODY);
        assertThat(MessageSigning.none().open(signed).body()).isEqualTo(BODY);
    }

    @Test
    void aMangledSignatureLineIsRefused() {
        byte[] mangled = ("TMS1 k1\n" + new String(BODY, UTF_8)).getBytes(UTF_8);
        assertThat(signing(false, key("k1", 1)).open(mangled).problem()).isEqualTo("malformed signature line");
        byte[] notBase64 = ("TMS1 k1 !!!\n" + new String(BODY, UTF_8)).getBytes(UTF_8);
        assertThat(signing(false, key("k1", 1)).open(notBase64).refusal())
                .isEqualTo(MessageSigning.Refusal.ALTERED);
    }

    @Test
    void requiringSignaturesWithoutKeysIsAnError() {
        assertThatThrownBy(() -> MessageSigning.of(null, true)).hasMessageContaining("--signing-key-file");
    }

    @Test
    void aKeyFileHoldsSeveralKeysTheFirstSigning() throws Exception {
        Path file = dir.resolve("keys");
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(file, "# rotation: new first\nk2 " + secret + "\n\n  k1   " + secret + "  \n");
        SigningKeys keys = SigningKeys.read(file);
        assertThat(keys.ids()).containsExactly("k2", "k1");
        assertThat(keys.signer().orElseThrow().id()).isEqualTo("k2");
    }

    @Test
    void badKeyFilesAreOneLineErrorsThatNeverShowASecret() throws Exception {
        Path file = dir.resolve("keys");
        assertThatThrownBy(() -> SigningKeys.read(file)).hasMessage("no signing key file " + file);
        Files.writeString(file, "# nothing\n");
        assertThatThrownBy(() -> SigningKeys.read(file)).hasMessageContaining("holds no key");
        String shortSecret = Base64.getEncoder().encodeToString("sixteen-bytes-ok".getBytes(UTF_8));
        Files.writeString(file, "k1 " + shortSecret + "\n");
        assertThatThrownBy(() -> SigningKeys.read(file))
                .hasMessage(file + ":1: signing key 'k1' has 16 bytes; at least 32 are needed (openssl rand -base64 32)")
                .message().doesNotContain(shortSecret);
        Files.writeString(file, "k1 not*base64\n");
        assertThatThrownBy(() -> SigningKeys.read(file)).hasMessage(file + ":1: the secret of key 'k1' is not base64")
                .message().doesNotContain("not*base64");
        Files.writeString(file, "k1 " + Base64.getEncoder().encodeToString(new byte[32]) + " extra\n");
        assertThatThrownBy(() -> SigningKeys.read(file)).hasMessageContaining("a key line is 'ID SECRET'");
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        Files.writeString(file, "k1 " + secret + "\nk1 " + secret + "\n");
        assertThatThrownBy(() -> SigningKeys.read(file)).hasMessage("signing key id 'k1' is given twice");
    }

    @Test
    void aKeyNeverPrintsItsSecret() {
        assertThat(key("k1", 65).toString()).isEqualTo("signing key k1").doesNotContain("AAAA", "QUFB");
    }
}
