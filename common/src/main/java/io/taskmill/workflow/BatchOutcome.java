package io.taskmill.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskmill.coordinator.JoinSummary;
import java.util.List;

/**
 * A batch once final, as its callback is given it: the join's counts and failures, and the
 * results of its succeeded tasks in task order.
 */
record BatchOutcome(JoinSummary summary, List<JsonNode> results) {

    BatchOutcome {
        // A task's result may be JSON null: List.copyOf would refuse it.
        results = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(results));
    }
}
