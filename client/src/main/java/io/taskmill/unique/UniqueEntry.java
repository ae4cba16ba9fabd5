package io.taskmill.unique;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the unique-key log holds: submitters' claims of a key, and each claim's verdict as its
 * submitter decided it. A reader that starts anywhere in the log needs only the verdicts of
 * the window it asks about, never the claims before them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = UniqueEntry.Claimed.class, name = "claimed"),
        @JsonSubTypes.Type(value = UniqueEntry.Won.class, name = "won"),
        @JsonSubTypes.Type(value = UniqueEntry.Lost.class, name = "lost")})
public sealed interface UniqueEntry {

    String key();

    /** The claim this entry is or decides. */
    String claim();

    /**
     * A submitter's bid to run {@code task} under {@code key}: it runs unless a submission of
     * the key won within {@code windowMs} before {@code at}, or an earlier bid is still deciding.
     */
    record Claimed(String key, String claim, String task, long at, long windowMs) implements UniqueEntry {
    }

    /** The claim won: {@code task} runs for the key, as claimed at {@code at}. */
    record Won(String key, String claim, String task, long at) implements UniqueEntry {
    }

    /** The claim lost to an earlier one and its task was not submitted. */
    record Lost(String key, String claim) implements UniqueEntry {
    }
}
