package io.jenkins.plugins.maia.follower.transcript;

import io.jenkins.plugins.maia.follower.event.MessageText;
import java.util.Objects;

/**
 * One entry of a transcript as a page shows it (see {@link TranscriptView}). Strings are plain text, NOT escaped:
 * they hold agent output, so the page must escape them (Jelly's escape-by-default does). Control characters other
 * than newline and tab are already replaced with U+FFFD, so nothing here drives a terminal either.
 *
 * @param kind  what the entry is
 * @param line  its 1-based line in the .jsonl
 * @param time  when: the event's timestamp as the server sent it, or when the follower wrote the line; may be empty
 * @param label a short heading: who spoke ({@code Agent}, {@code User}, {@code Event}), {@code Tool call
 *              git_push}, {@code Status: STOPPED}, {@code Decision on git_push (c9)}, {@code Paused: waiting for 2
 *              decisions}, {@code Result: FINISHED}, {@code Unreadable line}
 * @param text  the whole text (may be empty, never null; multi-line): the message, the tool's input or result,
 *              what a person was asked (tool, title, body, each question with its options and their descriptions,
 *              or the tool input), what was decided and by whom, or how the follow ended
 */
public record TranscriptEntry(Kind kind, long line, String time, String label, String text) {

    public enum Kind {
        /** Someone spoke: the label says who ({@code Agent}, {@code User}) or {@code Event} for other records. */
        MESSAGE,
        /** The agent called a tool; the text is its input. */
        TOOL_CALL,
        /** What a tool returned. */
        TOOL_RESULT,
        /** The task's status changed; the text says what it waits for, if anything. */
        STATUS,
        /** The follow stopped for a person's decision: not the end, the task continues once answered. */
        PAUSE,
        /** A decision sent to the task: what and by whom (the policy or a person). */
        DECISION,
        /** How the follow ended for good. */
        RESULT,
        /** A line of the .jsonl that could not be read (e.g. cut by a crash). */
        UNREADABLE
    }

    public TranscriptEntry {
        Objects.requireNonNull(kind, "kind");
        time = time == null ? "" : MessageText.sanitize(time);
        label = label == null ? "" : MessageText.sanitize(label);
        text = text == null ? "" : MessageText.sanitize(text);
    }
}
