package io.taskmill.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict parsing: a URI that cannot be read whole is an error that shows no part of the password. */
class BrokerAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "amqp://guest:s3cret@nohost.example:notaport | s3cret",
            "amqp://guest:pw9@ss7@nohost.example:5672     | pw9@ss7",
            "amqp://guest:ab/cd@host:5672                | ab/cd",
            "amqp://guest:ab?cd@host:5672                | ab?cd",
            "amqp://guest:ab#cd@host:5672                | ab#cd",
            "amqp://guest:secret@:5672                   | secret",
            "amqp://guest:secret@host:99999              | secret",
            "amqp://guest:sec ret9@host:5672             | sec ret9",
            "amqp:///vhost                               | ''"})
    void aUriThatCannotBeReadWholeIsRefusedWithoutThePassword(String uri, String password) {
        assertThatThrownBy(() -> BrokerAddress.parse(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad broker URI amqp://...")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n");
                    if (!password.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(password);
                        for (String piece : password.split("[@/?# ]")) {
                            assertThat(e.getMessage()).doesNotContain(piece + "@").doesNotContain(":" + piece);
                        }
                    }
                });
    }

    @Test
    void aReservedCharacterPercentEncodedIsPartOfThePassword() {
        BrokerAddress address = BrokerAddress.parse("amqp://guest:p%40ss%2Fw%3Ford@broker.example:5673/%2F");
        assertThat(address.uri().getHost()).isEqualTo("broker.example");
        assertThat(address.uri().getPort()).isEqualTo(5673);
        assertThat(address.uri().getUserInfo()).isEqualTo("guest:p@ss/w?ord");
        assertThat(address.user()).isEqualTo("guest");
        assertThat(address.hasPassword()).isTrue();
        assertThat(address).hasToString("amqp://guest:***@broker.example:5673/%2F");
    }

    @Test
    void theAddressForHumansHasNoPassword() {
        assertThat(BrokerAddress.parse("amqps://app:hunter2@mq.example/prod"))
                .hasToString("amqps://app:***@mq.example/prod");
        assertThat(BrokerAddress.parse("amqp://localhost")).hasToString("amqp://localhost");
        assertThat(BrokerAddress.parse("mem://embedded")).hasToString("mem://embedded");
    }

    @Test
    void aClusterIsSeveralHostsSharingEverythingElse() {
        BrokerAddress address = BrokerAddress.parse("amqp://app:hunter2@h1:5672,h2,h3:5673/prod?delivery-limit=3");
        assertThat(address.cluster()).isTrue();
        assertThat(address.hosts()).containsExactly(new BrokerAddress.Host("h1", 5672), new BrokerAddress.Host("h2", -1),
                new BrokerAddress.Host("h3", 5673));
        assertThat(address.uri().getHost()).isEqualTo("h1");
        assertThat(address.uri().getUserInfo()).isEqualTo("app:hunter2");
        assertThat(address.uri().getPath()).isEqualTo("/prod");
        assertThat(address.uri().getQuery()).isEqualTo("delivery-limit=3");
        assertThat(address).hasToString("amqp://app:***@h1:5672,h2,h3:5673/prod");
        assertThat(address.withPassword("other").hosts()).isEqualTo(address.hosts());
        assertThat(BrokerAddress.parse("nats://n1:4222,n2:4222")).hasToString("nats://n1:4222,n2:4222");
        assertThat(BrokerAddress.parse("amqp://u:a,b@h1").cluster()).as("a comma in the password").isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "amqp://guest:s3cret@h1:5672,,h3         | an empty host",
            "amqp://guest:s3cret@h1:5672,h2:x        | host 'h2:x' of its list",
            "amqp://guest:s3cret@h1:5672,h2:70000    | port 70000 of host 'h2'",
            "amqp://guest:s3cret@h1:5672,u:p@h2      | more than one '@'"})
    void aBadHostInAListIsNamedWithoutThePassword(String uri, String problem) {
        assertThatThrownBy(() -> BrokerAddress.parse(uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad broker URI amqp://...").hasMessageContaining(problem)
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aUriWithoutASchemeOrEmpty() {
        assertThatThrownBy(() -> BrokerAddress.parse("localhost:5672/x"))
                .hasMessageStartingWith("broker URI has no scheme: did you mean amqp://localhost:5672/x?");
        assertThatThrownBy(() -> BrokerAddress.parse("app:s3cret@mq1:5672"))
                .hasMessageContaining("did you mean amqp://user@mq1:5672?").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> BrokerAddress.parse(" ")).hasMessageContaining("empty broker URI");
    }
}
