package io.taskmill.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskmill.task.Callback;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WorkflowFile read(String text) throws Exception {
        return WorkflowFile.read(Files.writeString(dir.resolve("w.json"), text), JSON, "default");
    }

    @Test
    void stepsNestInOrderEachTakingTheResultUnlessItSaysOtherwise() throws Exception {
        WorkflowFile workflow = read("{\"queue\": \"q\", \"steps\": [{\"type\": \"upto\", \"payload\": 7},"
                + "{\"type\": \"double\", \"input\": \"each\"},"
                + "{\"type\": \"report\", \"input\": \"summary\", \"onFailure\": \"continue\", \"payload\": {\"to\": 1},"
                + " \"queue\": \"reports\"}, {\"type\": \"archive\"}]}");
        assertThat(workflow.type()).isEqualTo("upto");
        assertThat(workflow.payloads()).containsExactly(JSON.readTree("7"));
        Callback each = workflow.then();
        assertThat(each.type()).isEqualTo("double");
        assertThat(each.input()).isEqualTo(Callback.Input.EACH);
        assertThat(each.queue()).isEqualTo("q");
        Callback report = each.then();
        assertThat(report.input()).isEqualTo(Callback.Input.SUMMARY);
        assertThat(report.onFailure()).isEqualTo(Callback.OnFailure.CONTINUE);
        assertThat(report.queue()).isEqualTo("reports");
        assertThat(report.payload()).isEqualTo(JSON.readTree("{\"to\": 1}"));
        assertThat(report.then().input()).isEqualTo(Callback.Input.RESULT);
        assertThat(report.then().onFailure()).isEqualTo(Callback.OnFailure.STOP);
        assertThat(report.then().then()).isNull();
        assertThat(each.steps()).isEqualTo(3);
    }

    @Test
    void aGroupFirstAndNothingAfter() throws Exception {
        WorkflowFile workflow = read("{\"steps\": [{\"type\": \"count\", \"payloads\": [{\"n\": 1}, {\"n\": 2}]}]}");
        assertThat(workflow.payloads()).hasSize(2);
        assertThat(workflow.then()).isNull();
    }

    @Test
    void whatIsWrongIsSaidWithWhere() {
        assertThatThrownBy(() -> read("{\"steps\": []}")).hasMessageEndingWith(
                "\"steps\" must be a list of at least one step");
        assertThatThrownBy(() -> read("{\"steps\": [{\"type\": \"a\", \"input\": \"each\"}]}"))
                .hasMessageContaining("step 1 has an unknown field \"input\"");
        assertThatThrownBy(() -> read("{\"steps\": [{\"type\": \"a\"}, {\"payload\": 1}]}"))
                .hasMessageContaining("step 2: \"type\" must be a non-empty string");
        assertThatThrownBy(() -> read("{\"steps\": [{\"type\": \"a\", \"payload\": 1, \"payloads\": [1]}]}"))
                .hasMessageContaining("has both \"payload\" and \"payloads\"");
        assertThatThrownBy(() -> read("{\"steps\": [{\"type\": \"a\"}, {\"type\": \"b\", \"onFailure\": \"ignore\"}]}"))
                .hasMessageContaining("\"onFailure\" is one of stop, continue, was 'ignore'");
        assertThatThrownBy(() -> read("{steps")).hasMessageContaining("is not JSON");
    }
}
